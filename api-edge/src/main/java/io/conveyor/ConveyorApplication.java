package io.conveyor;

import io.conveyor.edge.security.DevTokenCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sits in the root package so that every module's components, entities and settings are found. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConveyorApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(DevTokenCommand.NAME)) {
            System.exit(DevTokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(ConveyorApplication.class, args);
    }
}
