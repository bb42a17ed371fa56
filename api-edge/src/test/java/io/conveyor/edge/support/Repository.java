package io.conveyor.edge.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, wherever the tests run from (the module's folder under Maven, often the root in an IDE). */
public final class Repository {
    private Repository() {}

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("docs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (with mvnw and docs/) above " + dir);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
