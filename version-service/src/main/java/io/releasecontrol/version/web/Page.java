package io.releasecontrol.version.web;

import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.List;

/** One page of a list, as every list of the API returns it. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int MAX_SIZE = 200;

    /** Validates {@code page}/{@code size} query parameters (defaults 0 and 50). */
    public static int[] params(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        List<FieldError> errors = new ArrayList<>();
        if (p < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (s < 1 || s > MAX_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
        InvalidFields.throwIfAny(errors);
        return new int[] {p, s};
    }

    /** The page of an already ordered in-memory list. */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new Page<>(List.copyOf(all.subList(from, to)), page, size, all.size());
    }
}
