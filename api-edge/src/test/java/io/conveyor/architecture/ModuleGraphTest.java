package io.conveyor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module graph, stated once: contracts <- command-side; contracts <- projections <- query-side; the edge sees
 * contracts and query-side, and command-side and projections only at run time. Any arrow going back fails the build.
 */
@AnalyzeClasses(packages = "io.conveyor", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleGraphTest {
    private static final String CONTRACTS = "io.conveyor.contracts..";
    private static final String COMMAND = "io.conveyor.command..";
    private static final String PROJECTION = "io.conveyor.projection..";
    private static final String QUERY = "io.conveyor.query..";
    private static final String EDGE = "io.conveyor.edge..";

    @ArchTest
    static final ArchRule contracts_depend_on_no_module = noClasses()
            .that()
            .resideInAPackage(CONTRACTS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(COMMAND, PROJECTION, QUERY, EDGE)
            .because("contracts are the bottom of the graph");

    @ArchTest
    static final ArchRule contracts_are_plain = noClasses()
            .that()
            .resideInAPackage(CONTRACTS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..")
            .because("contracts are plain records, shared by every module and every transport");

    @ArchTest
    static final ArchRule command_side_sees_only_contracts = noClasses()
            .that()
            .resideInAPackage(COMMAND)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PROJECTION, QUERY, EDGE);

    @ArchTest
    static final ArchRule projections_see_only_contracts = noClasses()
            .that()
            .resideInAPackage(PROJECTION)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(COMMAND, QUERY, EDGE);

    @ArchTest
    static final ArchRule query_side_sees_contracts_and_projections = noClasses()
            .that()
            .resideInAPackage(QUERY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(COMMAND, EDGE);

    @ArchTest
    static final ArchRule edge_talks_through_gateways_only = noClasses()
            .that()
            .resideInAPackage(EDGE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(COMMAND, PROJECTION, QUERY)
            .because("the edge sends commands and queries; handlers are wired at run time");

    @ArchTest
    static final ArchRule every_aggregate_keeps_to_its_tenant = classes()
            .that()
            .areAnnotatedWith(org.axonframework.spring.stereotype.Aggregate.class)
            .should()
            .beAssignableTo(io.conveyor.command.tenancy.TenantOwned.class)
            .because("TenantIsolation keeps only TenantOwned aggregates to their tenant");

    @ArchTest
    static final ArchRule every_read_model_row_belongs_to_a_tenant = classes()
            .that()
            .areAnnotatedWith(jakarta.persistence.Entity.class)
            .and()
            .resideInAPackage(PROJECTION)
            .should()
            .beAssignableTo(io.conveyor.projection.support.TenantRow.class)
            .because("queries answer within one tenant");
}
