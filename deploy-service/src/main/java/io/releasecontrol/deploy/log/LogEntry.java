package io.releasecontrol.deploy.log;

import java.time.Instant;

/** One stored line of a deployment's log; {@code sequence} is 1-based and gap-free per deployment. */
record LogEntry(long sequence, String stream, String line, Instant at) {
}
