package io.cairn.node.http;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The OpenAPI 3.1 description of the client API: the hand-written {@code openapi.json} resource
 * beside this class, served as is at {@code GET /openapi.json}. A test checks that it lists
 * exactly {@link HttpApi#ROUTES}.
 */
public final class OpenApi {
  private static final byte[] DOCUMENT = load();

  private OpenApi() {}

  /** The document's bytes (UTF-8 JSON); a fresh copy. */
  public static byte[] document() {
    return DOCUMENT.clone();
  }

  private static byte[] load() {
    return resource("openapi.json");
  }

  /** The resource {@code name} beside this class (an OpenAPI document). */
  static byte[] resource(String name) {
    try (InputStream in = OpenApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the node's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + name, e);
    }
  }
}
