package dev.gma.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JVM system properties set for the length of a test (the endpoint test hooks of
 * {@code dev.gma.config.TestHooks} are read only from there) and put back as they were on close.
 * Test classes run one after another in a module's JVM, so this does not leak between them.
 */
public final class SystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new LinkedHashMap<>();

    private SystemProperties(Map<String, String> values) {
        values.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
    }

    public static SystemProperties set(Map<String, String> values) {
        return new SystemProperties(values);
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
