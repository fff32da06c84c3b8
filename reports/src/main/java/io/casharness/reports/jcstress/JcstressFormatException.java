package io.casharness.reports.jcstress;

/** A jcstress result page does not have the layout this converter reads (jcstress 0.16). */
public final class JcstressFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JcstressFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
