package io.casharness.grpc;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protocol's error mapping (docs/protocol.md, Errors), both ways: what a gateway answers for an outcome or an
 * exception of its store, and what a client makes of a status. Stateless.
 *
 * <p>Trailers carry what a client needs to act without parsing text: {@code cas-current-version} (a number or
 * {@code absent}) on ABORTED, {@code cas-constraint} ({@code key} or {@code name}) and the holder's kind and id on
 * ALREADY_EXISTS, {@code cas-applied: false} on an UNAVAILABLE that is known not to have been applied, and
 * {@code cas-error-class} beside it. The status message is for people and follows the seed's wording ("concurrent
 * modification, current resource_version: 7").
 */
public final class StatusMapping {
    public static final Metadata.Key<String> CURRENT_VERSION =
            Metadata.Key.of("cas-current-version", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> EXPECTED_VERSION =
            Metadata.Key.of("cas-expected-version", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> CONSTRAINT =
            Metadata.Key.of("cas-constraint", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> HOLDER_KIND =
            Metadata.Key.of("cas-holder-kind", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> HOLDER_ID =
            Metadata.Key.of("cas-holder-id", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> APPLIED = Metadata.Key.of("cas-applied", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> ERROR_CLASS =
            Metadata.Key.of("cas-error-class", Metadata.ASCII_STRING_MARSHALLER);

    /** The seed's wording, for a service that sends the message but not the trailer. */
    private static final Pattern CURRENT_IN_MESSAGE = Pattern.compile("current resource_version: (\\d+)");

    private StatusMapping() {}

    // ---- gateway side -------------------------------------------------------------------------------------------

    public static StatusRuntimeException conflict(Conflict c) {
        Metadata md = new Metadata();
        md.put(EXPECTED_VERSION, Long.toString(c.expectedVersion()));
        String message;
        if (c.isAbsent()) {
            md.put(CURRENT_VERSION, "absent");
            message = "concurrent modification: " + c.key() + " is absent, expected resource_version: "
                    + c.expectedVersion();
        } else {
            md.put(CURRENT_VERSION, Long.toString(c.currentVersion().getAsLong()));
            message = "concurrent modification, current resource_version: "
                    + c.currentVersion().getAsLong();
        }
        return Status.ABORTED.withDescription(message).asRuntimeException(md);
    }

    public static StatusRuntimeException alreadyExists(AlreadyExists a) {
        Metadata md = new Metadata();
        md.put(CONSTRAINT, a.constraint().name().toLowerCase(Locale.ROOT));
        String message;
        if (a.holder() != null) {
            md.put(HOLDER_KIND, a.holder().kind());
            md.put(HOLDER_ID, a.holder().id());
        }
        if (a.constraint() == AlreadyExists.Constraint.NAME) {
            message = "name taken: " + a.key() + " cannot have the name held by " + a.holder();
        } else {
            message = a.key() + " already exists";
        }
        return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException(md);
    }

    public static StatusRuntimeException notFound(ObjectKey key) {
        return Status.NOT_FOUND.withDescription(key + " not found").asRuntimeException();
    }

    public static StatusRuntimeException notFound(String what) {
        return Status.NOT_FOUND.withDescription(what + " not found").asRuntimeException();
    }

    /**
     * A store's exception as the status a client acts on. Bad input is INVALID_ARGUMENT with the store's own message
     * (which names the value and the bound); an error known not to have applied is UNAVAILABLE with
     * {@code cas-applied: false}; a lost connection, or anything unexpected during a write, is an unknown outcome.
     */
    public static StatusRuntimeException fromStore(RuntimeException e, boolean write) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof StoreClosedException) {
            return notApplied(ErrorClass.TRANSIENT, "the replica is closing: " + e.getMessage());
        }
        if (e instanceof StoreAccessException a) {
            return switch (a.errorClass()) {
                case CONFLICT, UNIQUE_VIOLATION, TRANSIENT -> notApplied(a.errorClass(), a.getMessage());
                case CONNECTION_LOST -> unknown(a.errorClass(), a.getMessage(), write);
                case FATAL -> Status.INTERNAL.withDescription(a.getMessage()).asRuntimeException(errorClass(a));
            };
        }
        return unknown(ErrorClass.FATAL, e.getClass().getSimpleName() + ": " + e.getMessage(), write);
    }

    private static Metadata errorClass(StoreAccessException a) {
        Metadata md = new Metadata();
        md.put(ERROR_CLASS, a.errorClass().name());
        return md;
    }

    private static StatusRuntimeException notApplied(ErrorClass errorClass, String message) {
        Metadata md = new Metadata();
        md.put(APPLIED, "false");
        md.put(ERROR_CLASS, errorClass.name());
        return Status.UNAVAILABLE.withDescription(message).asRuntimeException(md);
    }

    private static StatusRuntimeException unknown(ErrorClass errorClass, String message, boolean write) {
        Metadata md = new Metadata();
        md.put(ERROR_CLASS, errorClass.name());
        if (!write) {
            md.put(APPLIED, "false");
        }
        return Status.UNAVAILABLE
                .withDescription((write ? "outcome unknown: " : "") + message)
                .asRuntimeException(md);
    }

    // ---- client side --------------------------------------------------------------------------------------------

    /** The conflict an ABORTED status reports, or empty when the status is not one. */
    public static Optional<Conflict> conflictOf(StatusRuntimeException e, ObjectKey key, long expected) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            // a service that says NOT_FOUND to a conditional write on an absent object means the same as ABORTED absent
            return Optional.of(Conflict.absent(key, expected));
        }
        if (e.getStatus().getCode() != Status.Code.ABORTED) {
            return Optional.empty();
        }
        OptionalLong current = currentVersion(e);
        if (current.isEmpty()) {
            return Optional.of(Conflict.absent(key, expected));
        }
        if (current.getAsLong() == expected) {
            throw protocolError(e, "ABORTED names the expected version " + expected + " as current");
        }
        return Optional.of(Conflict.at(key, expected, current.getAsLong()));
    }

    /** The current version an ABORTED status names; empty for "absent"; a protocol error when it names none. */
    private static OptionalLong currentVersion(StatusRuntimeException e) {
        Metadata md = e.getTrailers();
        String v = md == null ? null : md.get(CURRENT_VERSION);
        if (v == null) {
            String description = e.getStatus().getDescription();
            Matcher m = description == null ? null : CURRENT_IN_MESSAGE.matcher(description);
            if (m != null && m.find()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
            throw protocolError(e, "ABORTED without a cas-current-version trailer or a current resource_version");
        }
        if (v.equals("absent")) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw protocolError(e, "cas-current-version must be >= 1 or absent, was " + v);
            }
            return OptionalLong.of(n);
        } catch (NumberFormatException nfe) {
            throw protocolError(e, "cas-current-version must be a number or absent, was " + v);
        }
    }

    /** The taken key or name an ALREADY_EXISTS status reports, or empty when the status is not one. */
    public static Optional<AlreadyExists> alreadyExistsOf(StatusRuntimeException e, ObjectKey key) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            return Optional.empty();
        }
        Metadata md = e.getTrailers();
        String constraint = md == null ? null : md.get(CONSTRAINT);
        AlreadyExists.Constraint c =
                "name".equals(constraint) ? AlreadyExists.Constraint.NAME : AlreadyExists.Constraint.KEY;
        ObjectKey holder = key;
        if (md != null && md.get(HOLDER_KIND) != null && md.get(HOLDER_ID) != null) {
            holder = ObjectKey.of(md.get(HOLDER_KIND), md.get(HOLDER_ID));
        }
        return Optional.of(new AlreadyExists(key, c, holder));
    }

    /**
     * Any other status as the store's exception: INVALID_ARGUMENT as {@link IllegalArgumentException} with the
     * service's message, {@code cas-applied: false} as TRANSIENT (nothing applied), UNAVAILABLE, DEADLINE_EXCEEDED
     * and CANCELLED as CONNECTION_LOST (the outcome of a write is unknown), the rest FATAL.
     */
    public static RuntimeException toStore(StatusRuntimeException e, String backend, boolean read) {
        Status s = e.getStatus();
        String message = s.getCode() + ": " + (s.getDescription() == null ? "" : s.getDescription());
        Metadata md = e.getTrailers();
        boolean notApplied = md != null && "false".equals(md.get(APPLIED));
        String sqlState = "grpc:" + s.getCode();
        StoreAccessException out = switch (s.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> null;
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED ->
                new StoreAccessException(
                        notApplied ? ErrorClass.TRANSIENT : ErrorClass.CONNECTION_LOST,
                        backend,
                        sqlState,
                        s.getCode().value(),
                        message,
                        e);
            default ->
                new StoreAccessException(
                        ErrorClass.FATAL, backend, sqlState, s.getCode().value(), message, e);
        };
        if (out == null) {
            return new IllegalArgumentException(s.getDescription(), e);
        }
        return read ? out.whileReading() : out;
    }

    private static StoreAccessException protocolError(StatusRuntimeException e, String what) {
        return new StoreAccessException(
                ErrorClass.FATAL,
                "grpc",
                "grpc:" + e.getStatus().getCode(),
                e.getStatus().getCode().value(),
                "protocol violation: " + what,
                e);
    }
}
