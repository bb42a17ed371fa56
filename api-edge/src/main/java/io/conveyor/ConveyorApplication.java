package io.conveyor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sits in the root package so that every module's components, entities and settings are found. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConveyorApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConveyorApplication.class, args);
    }
}
