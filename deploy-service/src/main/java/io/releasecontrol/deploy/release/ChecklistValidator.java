package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.AutoCheck;
import io.releasecontrol.deploy.checklist.Checklist;
import io.releasecontrol.deploy.checklist.ChecklistItem;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code checklist} part of a policy document: every bad field named. Pure. */
final class ChecklistValidator {

    /** Item ids appear in the confirm path: lower case, digits and dashes. */
    static final Pattern ITEM_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final int MAX_ITEMS = 30;
    private static final int MAX_TITLE = 200;

    private ChecklistValidator() {
    }

    static Checklist validate(List<FieldError> errors, PolicyDocument.Checklists doc, String preceding) {
        if (doc == null) {
            return Checklist.NONE;
        }
        Set<String> ids = new HashSet<>();
        List<ChecklistItem> pre = items(errors, "checklist.pre", doc.pre(), ids, true, preceding);
        List<ChecklistItem> post = items(errors, "checklist.post", doc.post(), ids, false, preceding);
        return new Checklist(pre, post);
    }

    private static List<ChecklistItem> items(List<FieldError> errors, String at, List<PolicyDocument.Item> given,
            Set<String> ids, boolean pre, String preceding) {
        List<ChecklistItem> items = new ArrayList<>();
        if (given == null) {
            return items;
        }
        if (given.size() > MAX_ITEMS) {
            errors.add(new FieldError(at, "at most " + MAX_ITEMS + " items, got " + given.size()));
            return items;
        }
        for (int i = 0; i < given.size(); i++) {
            String field = at + "[" + i + "]";
            PolicyDocument.Item item = given.get(i);
            if (item == null) {
                errors.add(new FieldError(field, "must be an object"));
                continue;
            }
            int before = errors.size();
            if (item.id() == null || !ITEM_ID.matcher(item.id()).matches()) {
                errors.add(new FieldError(field + ".id", "must match " + ITEM_ID.pattern() + ", got "
                        + (item.id() == null ? "nothing" : "'" + item.id() + "'")));
            } else if (!ids.add(item.id())) {
                errors.add(new FieldError(field + ".id", "'" + item.id() + "' is used twice (ids are unique across"
                        + " pre and post)"));
            }
            if (item.title() == null || item.title().isBlank()) {
                errors.add(new FieldError(field + ".title", "is required"));
            } else if (item.title().length() > MAX_TITLE) {
                errors.add(new FieldError(field + ".title", "must be at most " + MAX_TITLE + " characters"));
            }
            AutoCheck check = check(errors, field + ".check", item.check(), pre, preceding);
            if (errors.size() == before) {
                items.add(new ChecklistItem(item.id(), item.title(), check));
            }
        }
        return items;
    }

    private static AutoCheck check(List<FieldError> errors, String field, String value, boolean pre,
            String preceding) {
        if (value == null) {
            return null;
        }
        if (!pre) {
            errors.add(new FieldError(field, "post-deployment items are confirmed by people: remove check"));
            return null;
        }
        var check = AutoCheck.fromWire(value);
        if (check.isEmpty()) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ",
                    Arrays.stream(AutoCheck.values()).map(AutoCheck::wire).toList()) + " (or absent: a manual item),"
                    + " got '" + value + "'"));
            return null;
        }
        if (check.get() == AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY && preceding == null) {
            errors.add(new FieldError(field, "previous-environment-healthy needs requiredPreceding (the environment"
                    + " whose health is checked)"));
            return null;
        }
        return check.get();
    }
}
