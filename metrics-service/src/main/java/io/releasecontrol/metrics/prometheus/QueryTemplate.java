package io.releasecontrol.metrics.prometheus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PromQL query with placeholders, checked once when its policy is saved and rendered for every
 * version a target runs. The syntax (docs/metrics.md, "Prometheus pull"):
 * <ul>
 * <li>a placeholder is {@code {name}}: a brace, an identifier, a brace, nothing else between them.
 * A PromQL label matcher always has an operator and a quoted value inside its braces, so the two never
 * look alike: {@code http_requests_total{app="{application}"}} has one matcher and one placeholder.
 * Every {@code {identifier}} is a placeholder; one that is not {@link #PLACEHOLDERS} is an error;</li>
 * <li>placeholders stand inside double-quoted strings only (label values, {@code label_replace}
 * arguments), where the substituted value is escaped: {@code \} and {@code "} get a backslash. In
 * the value of a regex matcher ({@code =~}, {@code !~}) it is first regex-quoted, so
 * {@code 1.0.0+b} matches itself only;</li>
 * <li>{@code {role}} is the traffic router's server the version runs behind, {@code stable} or
 * {@code canary} ({@code RunningVersions}), for counters a router keeps per server, not per version;</li>
 * <li>{@code {instance}} is the whole value of one regex matcher, {@code pod=~"{instance}"}: the query
 * runs with it as {@code .+} and its result is split per series by that label (here {@code pod}),
 * one sample per value. Without it, a query's series are summed into one sample.</li>
 * </ul>
 * Brackets, braces and parentheses outside strings must balance and strings must end; anything
 * deeper is Prometheus' to judge when the query runs.
 */
public final class QueryTemplate {

    /** the longest template accepted: a query, not a program */
    public static final int MAX_LENGTH = 2_000;
    public static final String APPLICATION = "application";
    public static final String ENVIRONMENT = "environment";
    public static final String VERSION = "version";
    public static final String ROLE = "role";
    public static final String INSTANCE = "instance";
    public static final Set<String> PLACEHOLDERS = Set.of(APPLICATION, ENVIRONMENT, VERSION, ROLE, INSTANCE);
    /** what {@code {instance}} runs as: every series that has the instance label */
    static final String ANY_INSTANCE = ".+";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String REGEX_SPECIALS = "\\.+*?()|[]{}^$";

    /** literal text, or a placeholder to substitute (regex: inside a regex matcher's value) */
    private record Part(String text, String placeholder, boolean regex) {
    }

    private final String text;
    private final List<Part> parts;
    private final String instanceLabel;

    private QueryTemplate(String text, List<Part> parts, String instanceLabel) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.instanceLabel = instanceLabel;
    }

    /** The template, or an {@link IllegalArgumentException} saying what is wrong with it (all of it, "; "-separated). */
    public static QueryTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + text.length() + " characters long, at most " + MAX_LENGTH);
        }
        return new Scanner(text).scan();
    }

    public String text() {
        return text;
    }

    /** The label a query's series are split by ({@code {instance}}'s matcher); null: summed into one sample. */
    public String instanceLabel() {
        return instanceLabel;
    }

    /** Whether the template holds {@code {placeholder}}. */
    public boolean uses(String placeholder) {
        return parts.stream().anyMatch(p -> placeholder.equals(p.placeholder()));
    }

    /** The query for these values of {@code application}, {@code environment}, {@code version} and {@code role}. */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (Part p : parts) {
            if (p.placeholder() == null) {
                out.append(p.text());
            } else if (p.placeholder().equals(INSTANCE)) {
                out.append(ANY_INSTANCE);
            } else {
                String value = values.get(p.placeholder());
                if (value == null) {
                    throw new IllegalArgumentException("no value for {" + p.placeholder() + "}");
                }
                out.append(escape(p.regex() ? regexQuote(value) : value));
            }
        }
        return out.toString();
    }

    /** For the inside of a PromQL double-quoted string. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Matches {@code value} and nothing else in an RE2 regex. */
    static String regexQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if (REGEX_SPECIALS.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryTemplate t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** One pass over the text: strings, comments, brackets and placeholders. */
    private static final class Scanner {

        private final String text;
        private final List<Part> parts = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final Deque<Integer> open = new ArrayDeque<>();
        private final StringBuilder literal = new StringBuilder();
        private String instanceLabel;
        private char quote;
        private int stringStart;
        private boolean regexString;

        Scanner(String text) {
            this.text = text;
        }

        QueryTemplate scan() {
            int i = 0;
            while (i < text.length()) {
                i = quote == 0 ? outside(i) : inside(i);
            }
            if (quote != 0) {
                problems.add("string opened at position " + stringStart + " never ends");
            }
            for (int at : open) {
                problems.add("'" + text.charAt(at) + "' at position " + at + " is never closed");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            flush();
            return new QueryTemplate(text, parts, instanceLabel);
        }

        private int outside(int i) {
            char c = text.charAt(i);
            Matcher m = placeholderAt(i);
            if (m != null) {
                String name = m.group(1);
                problems.add(PLACEHOLDERS.contains(name) ? "{" + name + "} at position " + i
                        + " must stand inside a double-quoted string" : unknown(name, i));
                literal.append(m.group());
                return m.end();
            }
            literal.append(c);
            switch (c) {
                case '"', '\'', '`' -> {
                    quote = c;
                    stringStart = i;
                    regexString = regexOperatorBefore(i) != null;
                }
                case '#' -> {
                    int end = text.indexOf('\n', i);
                    end = end < 0 ? text.length() : end;
                    literal.append(text, i + 1, end);
                    return end;
                }
                case '(', '[', '{' -> open.push(i);
                case ')', ']', '}' -> {
                    if (open.isEmpty() || !matches(text.charAt(open.peek()), c)) {
                        problems.add("'" + c + "' at position " + i + " closes nothing");
                    } else {
                        open.pop();
                    }
                }
                default -> {
                    // an operator, a name, a number: Prometheus' to judge
                }
            }
            return i + 1;
        }

        private int inside(int i) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`' && i + 1 < text.length()) {
                literal.append(c).append(text.charAt(i + 1));
                return i + 2;
            }
            if (c == quote) {
                quote = 0;
                literal.append(c);
                return i + 1;
            }
            Matcher m = placeholderAt(i);
            if (m == null) {
                literal.append(c);
                return i + 1;
            }
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                problems.add(unknown(name, i));
            } else if (quote != '"') {
                problems.add("{" + name + "} at position " + i + " must stand inside a double-quoted string, not "
                        + quote + "...");
            } else if (name.equals(INSTANCE)) {
                instance(i, m.end());
            } else {
                flush();
                parts.add(new Part(null, name, regexString));
            }
            return m.end();
        }

        /** {@code label=~"{instance}"}: the whole value of a regex matcher, naming the label to split by. */
        private void instance(int at, int end) {
            String op = regexOperatorBefore(stringStart);
            String label = op == null ? null : labelBefore(skipSpaceBack(stringStart - 1) - 1);
            if (!"=~".equals(op) || label == null || at != stringStart + 1 || end >= text.length()
                    || text.charAt(end) != '"') {
                problems.add("{instance} at position " + at + " must be the whole value of a regex matcher,"
                        + " as in pod=~\"{instance}\"");
            } else if (instanceLabel != null && !instanceLabel.equals(label)) {
                problems.add("{instance} splits by '" + instanceLabel + "' and by '" + label + "': one label only");
            } else {
                instanceLabel = label;
                flush();
                parts.add(new Part(null, INSTANCE, true));
            }
        }

        private Matcher placeholderAt(int i) {
            if (text.charAt(i) != '{') {
                return null;
            }
            Matcher m = PLACEHOLDER.matcher(text).region(i, text.length());
            return m.lookingAt() ? m : null;
        }

        /** {@code =~} or {@code !~} right before the string opening at {@code quoteAt} (spaces apart); else null. */
        private String regexOperatorBefore(int quoteAt) {
            int j = skipSpaceBack(quoteAt - 1);
            if (j >= 1 && text.charAt(j) == '~' && (text.charAt(j - 1) == '=' || text.charAt(j - 1) == '!')) {
                return text.substring(j - 1, j + 1);
            }
            return null;
        }

        /** The label name ending at or before {@code j} (spaces apart); null when there is none. */
        private String labelBefore(int j) {
            int end = skipSpaceBack(j - 1) + 1;
            int start = end;
            while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
                start--;
            }
            return start == end || Character.isDigit(text.charAt(start)) ? null : text.substring(start, end);
        }

        private int skipSpaceBack(int j) {
            while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
                j--;
            }
            return j;
        }

        private void flush() {
            if (!literal.isEmpty()) {
                parts.add(new Part(literal.toString(), null, false));
                literal.setLength(0);
            }
        }

        private static boolean matches(char opening, char closing) {
            return (opening == '(' && closing == ')') || (opening == '[' && closing == ']')
                    || (opening == '{' && closing == '}');
        }

        private static String unknown(String name, int at) {
            return "unknown placeholder {" + name + "} at position " + at + " (known: {application}, {environment},"
                    + " {version}, {role}, {instance})";
        }
    }
}
