package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The in-memory backend, answering {@code hello} as well. mongo-java-server knows only the legacy
 * {@code isMaster}, yet Spring Boot's MongoDB health indicator asks {@code hello}; without this the
 * services report their MongoDB health DOWN against the local stack.
 */
final class HelloAwareMemoryBackend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (!"hello".equalsIgnoreCase(command)) {
            return super.handleCommand(channel, database, command, query);
        }
        Document reply = super.handleCommand(channel, database, "isMaster", query);
        // hello names the primary flag isWritablePrimary where isMaster says ismaster
        reply.put("isWritablePrimary", Boolean.TRUE);
        return reply;
    }
}
