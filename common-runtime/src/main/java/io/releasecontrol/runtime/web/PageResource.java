package io.releasecontrol.runtime.web;

import java.util.List;

/** A page of a list, as every list of the API returns it (DESIGN §10): {@code {items, page, size, total}}. */
public record PageResource<T>(List<T> items, int page, int size, long total) {
}
