package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** The in-memory backend (LocalMongo without {@code --data-file}), answering {@code hello} as well ({@link HelloCommand}). */
final class HelloAwareMemoryBackend extends MemoryBackend {

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return HelloCommand.handle(channel, database, command, query, super::handleCommand);
    }
}
