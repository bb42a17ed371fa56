package io.conveyor.edge.support;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The profiles of every test context: {@code test}, plus {@code postgres} when the suite runs against PostgreSQL
 * ({@code -Dconveyor.test.database=postgres}, as the build's second test run does).
 */
public class TestProfiles implements ActiveProfilesResolver {
    public static final String DATABASE_PROPERTY = "conveyor.test.database";

    @Override
    public String[] resolve(Class<?> testClass) {
        return active();
    }

    public static String[] active() {
        return onPostgres() ? new String[] {"test", "postgres"} : new String[] {"test"};
    }

    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty(DATABASE_PROPERTY));
    }
}
