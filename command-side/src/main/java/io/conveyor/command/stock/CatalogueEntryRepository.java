package io.conveyor.command.stock;

import org.springframework.data.jpa.repository.JpaRepository;

interface CatalogueEntryRepository extends JpaRepository<CatalogueEntry, String> {
    boolean existsByTenantAndSku(String tenant, String sku);
}
