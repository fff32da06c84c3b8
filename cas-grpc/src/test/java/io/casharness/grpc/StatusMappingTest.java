package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The error mapping of docs/protocol.md, both ways, without a server: what a gateway sends for each outcome and
 * exception, and what the client makes of each status a service in another language may send (with the trailers,
 * with only the seed's message, or with neither).
 */
class StatusMappingTest {
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "sb-1");

    private static StatusRuntimeException status(Status.Code code, String description, Map<String, String> trailers) {
        Metadata md = new Metadata();
        trailers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return Status.fromCode(code).withDescription(description).asRuntimeException(md);
    }

    // ---- client side: a status as an outcome --------------------------------------------------------------------

    @Test
    void abortedWithTheTrailerIsAConflictAtTheNamedVersion() {
        StatusRuntimeException e = status(Status.Code.ABORTED, "lost", Map.of("cas-current-version", "7"));

        assertThat(StatusMapping.conflictOf(e, KEY, 3)).contains(Conflict.at(KEY, 3, 7));
    }

    @Test
    void abortedNamingAbsentIsAConflictOnAnAbsentObject() {
        StatusRuntimeException e = status(Status.Code.ABORTED, "gone", Map.of("cas-current-version", "absent"));

        assertThat(StatusMapping.conflictOf(e, KEY, 3)).contains(Conflict.absent(KEY, 3));
    }

    @Test
    void theSeedsMessageAloneNamesTheCurrentVersion() {
        StatusRuntimeException e =
                status(Status.Code.ABORTED, "concurrent modification, current resource_version: 7", Map.of());

        assertThat(StatusMapping.conflictOf(e, KEY, 3)).contains(Conflict.at(KEY, 3, 7));
    }

    @Test
    void theTrailerWinsOverTheMessage() {
        StatusRuntimeException e = status(
                Status.Code.ABORTED,
                "concurrent modification, current resource_version: 7",
                Map.of("cas-current-version", "9"));

        assertThat(StatusMapping.conflictOf(e, KEY, 3)).contains(Conflict.at(KEY, 3, 9));
    }

    @Test
    void abortedNamingNoVersionIsAProtocolViolationNotAGuess() {
        StatusRuntimeException e = status(Status.Code.ABORTED, "try again", Map.of());

        assertThatThrownBy(() -> StatusMapping.conflictOf(e, KEY, 3))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("protocol violation")
                .hasMessageContaining("cas-current-version")
                .satisfies(
                        t -> assertThat(((StoreAccessException) t).errorClass()).isEqualTo(ErrorClass.FATAL));
    }

    @Test
    void aCurrentVersionThatIsNotAVersionIsAProtocolViolation() {
        for (String bad : new String[] {"0", "-4", "seven", ""}) {
            StatusRuntimeException e = status(Status.Code.ABORTED, "lost", Map.of("cas-current-version", bad));
            assertThatThrownBy(() -> StatusMapping.conflictOf(e, KEY, 3))
                    .as("cas-current-version: %s", bad)
                    .hasMessageContaining("protocol violation")
                    .hasMessageContaining("cas-current-version must be");
        }
    }

    @Test
    void abortedNamingTheExpectedVersionAsCurrentIsAProtocolViolation() {
        StatusRuntimeException e = status(Status.Code.ABORTED, "lost", Map.of("cas-current-version", "3"));

        assertThatThrownBy(() -> StatusMapping.conflictOf(e, KEY, 3))
                .hasMessageContaining("protocol violation")
                .hasMessageContaining("names the expected version 3 as current");
    }

    @Test
    void notFoundToAConditionalWriteMeansAbsentAndOtherCodesAreNoConflict() {
        assertThat(StatusMapping.conflictOf(status(Status.Code.NOT_FOUND, "no", Map.of()), KEY, 3))
                .contains(Conflict.absent(KEY, 3));
        assertThat(StatusMapping.conflictOf(status(Status.Code.UNAVAILABLE, "down", Map.of()), KEY, 3))
                .isEmpty();
    }

    @Test
    void alreadyExistsCarriesTheConstraintAndTheHolder() {
        StatusRuntimeException name = status(
                Status.Code.ALREADY_EXISTS,
                "taken",
                Map.of("cas-constraint", "name", "cas-holder-kind", "sandbox", "cas-holder-id", "sb-0"));
        StatusRuntimeException key = status(Status.Code.ALREADY_EXISTS, "taken", Map.of());

        assertThat(StatusMapping.alreadyExistsOf(name, KEY))
                .contains(new AlreadyExists(KEY, AlreadyExists.Constraint.NAME, ObjectKey.of("sandbox", "sb-0")));
        assertThat(StatusMapping.alreadyExistsOf(key, KEY))
                .as("no trailers: the key itself is taken")
                .contains(new AlreadyExists(KEY, AlreadyExists.Constraint.KEY, KEY));
        assertThat(StatusMapping.alreadyExistsOf(status(Status.Code.ABORTED, "x", Map.of()), KEY))
                .isEmpty();
    }

    @Test
    void notAppliedIsTransientAndUnavailableOrADeadlineIsAnUnknownOutcome() {
        StoreAccessException notApplied = (StoreAccessException) StatusMapping.toStore(
                status(Status.Code.UNAVAILABLE, "busy", Map.of("cas-applied", "false")), "grpc", false);
        StoreAccessException lost = (StoreAccessException)
                StatusMapping.toStore(status(Status.Code.UNAVAILABLE, "reset", Map.of()), "grpc", false);
        StoreAccessException late = (StoreAccessException)
                StatusMapping.toStore(status(Status.Code.DEADLINE_EXCEEDED, "late", Map.of()), "grpc", false);

        assertThat(notApplied.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(notApplied.outcomeUnknown()).isFalse();
        assertThat(lost.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(lost.outcomeUnknown())
                .as("a write whose answer was lost: info")
                .isTrue();
        assertThat(late.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(late.outcomeUnknown()).isTrue();
        assertThat(lost).hasMessageContaining("UNAVAILABLE: reset").hasMessageContaining("backend=grpc");
    }

    @Test
    void aLostReadIsMarkedWhileReadingSoNothingCountsAsPerhapsApplied() {
        StoreAccessException read = (StoreAccessException)
                StatusMapping.toStore(status(Status.Code.UNAVAILABLE, "reset", Map.of()), "grpc", true);

        assertThat(read.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(read.outcomeUnknown()).isFalse();
    }

    @Test
    void invalidArgumentIsIllegalArgumentWithTheServicesMessageAndTheRestIsFatal() {
        RuntimeException bad = StatusMapping.toStore(
                status(Status.Code.INVALID_ARGUMENT, "page limit must be between 1 and 10000, was 0", Map.of()),
                "grpc",
                true);
        RuntimeException internal =
                StatusMapping.toStore(status(Status.Code.INTERNAL, "boom", Map.of()), "grpc", false);

        assertThat(bad)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page limit must be between 1 and 10000, was 0");
        assertThat(((StoreAccessException) internal).errorClass()).isEqualTo(ErrorClass.FATAL);
    }

    // ---- gateway side: an outcome as a status, and back ---------------------------------------------------------

    @Test
    void aConflictGoesOutAsAbortedWithTrailersAndComesBackTheSame() {
        for (Conflict c : new Conflict[] {Conflict.at(KEY, 3, 7), Conflict.absent(KEY, 3)}) {
            StatusRuntimeException e = StatusMapping.conflict(c);
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getTrailers().get(StatusMapping.CURRENT_VERSION)).isEqualTo(c.isAbsent() ? "absent" : "7");
            assertThat(e.getTrailers().get(StatusMapping.EXPECTED_VERSION)).isEqualTo("3");
            assertThat(StatusMapping.conflictOf(e, KEY, 3)).contains(c);
        }
        assertThat(StatusMapping.conflict(Conflict.at(KEY, 3, 7)).getStatus().getDescription())
                .as("the seed's wording, for clients that read only the message")
                .isEqualTo("concurrent modification, current resource_version: 7");
    }

    @Test
    void aTakenNameGoesOutWithItsHolderAndComesBackTheSame() {
        AlreadyExists taken = new AlreadyExists(KEY, AlreadyExists.Constraint.NAME, ObjectKey.of("sandbox", "sb-0"));
        StatusRuntimeException e = StatusMapping.alreadyExists(taken);

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(e.getTrailers().get(StatusMapping.CONSTRAINT)).isEqualTo("name");
        assertThat(StatusMapping.alreadyExistsOf(e, KEY)).contains(taken);
    }

    @Test
    void storeExceptionsGoOutAsTheStatusTheirOutcomeNeeds() {
        StatusRuntimeException bad =
                StatusMapping.fromStore(new IllegalArgumentException("kind \"X\" is invalid"), true);
        StatusRuntimeException closed = StatusMapping.fromStore(new StoreClosedException("replica-1"), true);
        StatusRuntimeException busy = StatusMapping.fromStore(
                new StoreAccessException(ErrorClass.TRANSIENT, "sqlite", null, 5, "SQLITE_BUSY", null), true);
        StatusRuntimeException lostWrite = StatusMapping.fromStore(
                new StoreAccessException(ErrorClass.CONNECTION_LOST, "postgres", "08006", 0, "gone", null), true);
        StatusRuntimeException lostRead = StatusMapping.fromStore(
                new StoreAccessException(ErrorClass.CONNECTION_LOST, "postgres", "08006", 0, "gone", null), false);
        StatusRuntimeException fatal = StatusMapping.fromStore(
                new StoreAccessException(ErrorClass.FATAL, "postgres", "XX000", 0, "odd", null), true);

        assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(bad.getStatus().getDescription()).isEqualTo("kind \"X\" is invalid");
        for (StatusRuntimeException notApplied : new StatusRuntimeException[] {closed, busy, lostRead}) {
            assertThat(notApplied.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(notApplied.getTrailers().get(StatusMapping.APPLIED)).isEqualTo("false");
        }
        assertThat(lostWrite.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(lostWrite.getTrailers().get(StatusMapping.APPLIED))
                .as("a write that may have committed says nothing about being applied")
                .isNull();
        assertThat(lostWrite.getStatus().getDescription()).startsWith("outcome unknown: ");
        assertThat(fatal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);

        // and back: the client records each as the harness must
        assertThat(((StoreAccessException) StatusMapping.toStore(busy, "grpc", false)).isTransient())
                .isTrue();
        assertThat(((StoreAccessException) StatusMapping.toStore(lostWrite, "grpc", false)).outcomeUnknown())
                .isTrue();
    }
}
