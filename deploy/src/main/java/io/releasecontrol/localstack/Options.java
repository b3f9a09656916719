package io.releasecontrol.localstack;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options over defaults; the launchers need nothing richer. */
public final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    public static Options parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("unknown or incomplete option " + args[i]
                        + "; known: --" + String.join(" --", defaults.keySet()));
            }
            values.put(name, args[++i]);
        }
        return new Options(values);
    }

    public String get(String name) {
        return values.get(name);
    }

    public int getInt(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + values.get(name), e);
        }
    }
}
