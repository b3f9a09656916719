package io.releasecontrol.deploy.checklist;

import java.util.List;

/** An environment's checklists: {@code pre} must be complete before a deployment starts; {@code post} after success. */
public record Checklist(List<ChecklistItem> pre, List<ChecklistItem> post) {

    public static final Checklist NONE = new Checklist(List.of(), List.of());

    public Checklist {
        pre = pre == null ? List.of() : List.copyOf(pre);
        post = post == null ? List.of() : List.copyOf(post);
    }

    public boolean isEmpty() {
        return pre.isEmpty() && post.isEmpty();
    }
}
