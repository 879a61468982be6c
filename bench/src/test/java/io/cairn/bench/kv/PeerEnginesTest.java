package io.cairn.bench.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapters of the peer engines do what {@link KvStore} promises, on a real directory. */
class PeerEnginesTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "leveldb-java"})
  void putGetAndCursorsAgreeWithWhatWasWritten(String name) throws Exception {
    Engine engine = Engines.parse(List.of(name)).getFirst();
    Path db = Files.createDirectories(dir.resolve(name));
    try (KvStore store = engine.open(db, StoreSettings.defaults())) {
      for (int i = 0; i < 100; i += 2) {
        store.put(bytes(String.format("key%03d", i)), bytes("value" + i));
      }
      assertThat(store.get(bytes("key042"))).isEqualTo(bytes("value42"));
      assertThat(store.get(bytes("key043"))).isNull();
      try (KvCursor cursor = store.cursor()) {
        cursor.seek(bytes("key043"));
        assertThat(cursor.isValid()).isTrue();
        assertThat(cursor.key()).isEqualTo(bytes("key044"));
        assertThat(cursor.value()).isEqualTo(bytes("value44"));
        cursor.seekToFirst();
        List<String> keys = new ArrayList<>();
        while (cursor.isValid()) {
          keys.add(new String(cursor.key(), StandardCharsets.US_ASCII));
          cursor.next();
        }
        assertThat(keys).hasSize(50).isSorted().startsWith("key000").endsWith("key098");
        cursor.seek(bytes("key999"));
        assertThat(cursor.isValid()).isFalse();
      }
      assertThat(store.stats()).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rocksdb", "leveldb-java"})
  void openingADirectoryThatHoldsADatabaseIsRefused(String name) {
    Engine engine = Engines.parse(List.of(name)).getFirst();
    engine.open(dir, StoreSettings.defaults()).close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.open(dir, StoreSettings.defaults()))
        .isInstanceOf(RuntimeException.class);
  }
}
