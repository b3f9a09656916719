package io.releasecontrol.runtime.outbox;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Why a row was not published, as stored in {@code rc_outbox.last_error} and logged: one bounded line. */
final class ErrorText {

    /** The reason fits in this many characters; a stack trace or a message quoting a payload does not need to. */
    static final int MAX_LENGTH = 1000;

    private ErrorText() {
    }

    /**
     * {@code Type: message}, then the root cause's when there is one (Spring Kafka's
     * {@code KafkaProducerException: Failed to send} says nothing without it). Whitespace runs become
     * one space and NUL characters, which a PostgreSQL text column refuses, are dropped.
     */
    static String of(Throwable error) {
        Throwable e = unwrap(error);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = describe(e) + (root == e ? "" : " (cause: " + describe(root) + ")");
        return truncate(text.replace("\u0000", "").replaceAll("\\s+", " ").strip());
    }

    /** Future wrappers carry no information of their own. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String truncate(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = MAX_LENGTH - 1;
        // never cut a surrogate pair in half: the stored text stays valid UTF-16
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
