package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The {@code hello} command for mongo-java-server's backends. mongo-java-server knows only the
 * legacy {@code isMaster}, yet Spring Boot's MongoDB health indicator asks {@code hello}; without
 * this the services report their MongoDB health DOWN against the local stack. Each backend of the
 * local stack passes its own (super) command handler in, so the logic lives here once.
 */
final class HelloCommand {

    /** A backend's command handler, e.g. {@code super::handleCommand}. */
    @FunctionalInterface
    interface Handler {
        Document handle(Channel channel, String database, String command, Document query);
    }

    private HelloCommand() {
    }

    /** {@code hello} answered as {@code isMaster} plus {@code isWritablePrimary}; any other command as the backend does. */
    static Document handle(Channel channel, String database, String command, Document query, Handler backend) {
        if (!"hello".equalsIgnoreCase(command)) {
            return backend.handle(channel, database, command, query);
        }
        Document reply = backend.handle(channel, database, "isMaster", query);
        // hello names the primary flag isWritablePrimary where isMaster says ismaster
        reply.put("isWritablePrimary", Boolean.TRUE);
        return reply;
    }
}
