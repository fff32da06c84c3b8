package io.casharness.store.conformance;

import io.qameta.allure.Allure;

/**
 * Allure labels and attachments when Allure is on the class path, nothing otherwise: the test kit declares Allure
 * optional, so a project without it must never load {@link Allure}. Only the nested {@link Present} class names it,
 * and the JVM loads that class on first call, after {@link #AVAILABLE} said it may. Thread-safe.
 */
final class AllureSupport {
    /** Whether {@code io.qameta.allure.Allure} can be loaded by the suite's class loader. */
    static final boolean AVAILABLE = available();

    private AllureSupport() {}

    static void label(String name, String value) {
        if (AVAILABLE) {
            Present.label(name, value);
        }
    }

    static void parameter(String name, String value) {
        if (AVAILABLE) {
            Present.parameter(name, value);
        }
    }

    static void attachText(String name, String text) {
        if (AVAILABLE) {
            Present.attachText(name, text);
        }
    }

    private static boolean available() {
        try {
            Class.forName("io.qameta.allure.Allure", false, AllureSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final class Present {
        static void label(String name, String value) {
            Allure.label(name, value);
        }

        static void parameter(String name, String value) {
            Allure.parameter(name, value);
        }

        static void attachText(String name, String text) {
            Allure.addAttachment(name, "text/plain", text);
        }
    }
}
