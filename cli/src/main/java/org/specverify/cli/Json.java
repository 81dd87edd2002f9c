package org.specverify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/** The JSON writer of every {@code --json} output: indented, UTF-8, one document per run. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
