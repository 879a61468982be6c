package io.cairn.node.http;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The explorer's static files: plain HTML, CSS and JavaScript kept as resources in {@code
 * explorer/} beside this class, read once and served as they are. Only the files named here are
 * served; the page loads nothing from elsewhere (its Content-Security-Policy says so).
 *
 * <p>Thread-safety: immutable after construction.
 */
final class StaticPages {
  /** Every served path and its resource, {@code /} being the page itself. */
  static final Map<String, String> FILES = files();

  /** The page's Content-Security-Policy: everything from this node, nothing inline. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'";

  /** A file's bytes and media type. */
  record Page(String contentType, byte[] body) {}

  private final Map<String, Page> pages = new LinkedHashMap<>();

  /** Loads every file. */
  StaticPages() {
    FILES.forEach((path, resource) -> pages.put(path, new Page(contentType(resource), load(resource))));
  }

  /** The file served at {@code path}. */
  Page page(String path) {
    Page page = pages.get(path);
    if (page == null) {
      throw new IllegalArgumentException("no static file at " + path);
    }
    return page;
  }

  private static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("/", "index.html");
    files.put("/explorer.css", "explorer.css");
    files.put("/explorer.js", "explorer.js");
    files.put("/views.js", "views.js");
    files.put("/charts.js", "charts.js");
    return Map.copyOf(files);
  }

  private static String contentType(String resource) {
    if (resource.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (resource.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (resource.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    throw new IllegalArgumentException("no media type for " + resource);
  }

  private static byte[] load(String resource) {
    try (InputStream in = StaticPages.class.getResourceAsStream("explorer/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("explorer/" + resource + " is missing from the node's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw CairnIoException.wrap("read explorer/" + resource, e);
    }
  }
}
