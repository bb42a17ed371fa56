package io.conveyor.edge.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}) and committed as
 * docs/openapi.yaml. Controllers name and summarise their operations; everything operations share is added here.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    private final CapturedExamples examples = CapturedExamples.load();

    @Bean
    OpenAPI conveyorOpenApi() {
        return ApiDocument.create(examples);
    }

    @Bean
    OpenApiCustomizer conveyorContract() {
        return new ContractCustomizer(examples);
    }
}
