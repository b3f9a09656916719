package io.releasecontrol.deploy.executor;

/** One line an executor wrote, on {@code stdout}, {@code stderr} or {@code system}. */
public record OutputLine(String stream, String text) {

    public static OutputLine stdout(String text) {
        return new OutputLine("stdout", text);
    }

    public static OutputLine system(String text) {
        return new OutputLine("system", text);
    }
}
