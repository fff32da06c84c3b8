package io.casharness.reports.jcstress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes verdicts as one JUnit XML test suite (the Surefire/Ant format CI servers read): one {@code testcase} per
 * jcstress test, classname = its package, name = its class. A forbidden outcome of a real test or an uncaught
 * negative control is a {@code failure}; a test jcstress could not judge or that left no result is an
 * {@code error}. The outcome histogram goes into {@code system-out}. Stateless.
 */
public final class JunitXmlWriter {
    private JunitXmlWriter() {}

    /** Writes {@code verdicts} to {@code file}, creating its directory. */
    public static void write(List<Verdict> verdicts, String suiteName, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                x.writeStartDocument("UTF-8", "1.0");
                x.writeCharacters("\n");
                long failures = verdicts.stream()
                        .filter(v -> v.kind() == Verdict.Kind.FORBIDDEN_OBSERVED || v.kind() == Verdict.Kind.NOT_CAUGHT)
                        .count();
                long errors = verdicts.stream()
                        .filter(v -> v.kind() == Verdict.Kind.ERROR || v.kind() == Verdict.Kind.MISSING)
                        .count();
                x.writeStartElement("testsuite");
                x.writeAttribute("name", suiteName);
                x.writeAttribute("tests", Integer.toString(verdicts.size()));
                x.writeAttribute("failures", Long.toString(failures));
                x.writeAttribute("errors", Long.toString(errors));
                x.writeAttribute("skipped", "0");
                x.writeAttribute("time", "0");
                x.writeAttribute("timestamp", Instant.now().toString());
                x.writeCharacters("\n");
                for (Verdict v : verdicts) {
                    x.writeCharacters("  ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", v.packageName());
                    x.writeAttribute("name", v.simpleName());
                    x.writeAttribute("time", "0");
                    switch (v.kind()) {
                        case PASSED -> {}
                        case FORBIDDEN_OBSERVED, NOT_CAUGHT -> element(x, "failure", v);
                        case ERROR, MISSING -> element(x, "error", v);
                    }
                    x.writeStartElement("system-out");
                    x.writeCData(v.details());
                    x.writeEndElement();
                    x.writeEndElement();
                    x.writeCharacters("\n");
                }
                x.writeEndElement();
                x.writeCharacters("\n");
                x.writeEndDocument();
                x.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static void element(XMLStreamWriter x, String name, Verdict v) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeAttribute("message", v.message());
        x.writeAttribute("type", v.kind().name());
        x.writeCharacters(v.details());
        x.writeEndElement();
    }
}
