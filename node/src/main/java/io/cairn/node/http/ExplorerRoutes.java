package io.cairn.node.http;

import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.cairn.replication.api.KraftView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

/**
 * The explorer's part of the client API: the web page and its files ({@link StaticPages}), the
 * live figures its charts poll ({@code GET /metrics}, {@link MetricsWindow}) and the KRaft
 * structure its cluster view draws ({@code GET /status/kraft}). A filter times every write ({@code
 * POST}) that answers 2xx for the commit-latency chart.
 *
 * <pre>
 * GET /                    the explorer page (index.html)
 * GET /explorer.css, /explorer.js, /views.js, /charts.js
 * GET /metrics             {"id", "interval_ms", "databases": [...], "samples": [...]}
 * GET /status/kraft        {"mode", "candidates", "groups": [{"head", "members", "relay"}]}
 * </pre>
 *
 * <p>Thread-safety: safe for concurrent requests.
 */
final class ExplorerRoutes {
  private final LedgerService service;
  private final StaticPages pages = new StaticPages();
  private final MetricsWindow metrics;

  private ExplorerRoutes(LedgerService service) {
    this.service = service;
    this.metrics = new MetricsWindow(service);
  }

  /** Adds the explorer's routes and its write timer to {@code routing}. */
  static void register(HttpRouting.Builder routing, LedgerService service) {
    ExplorerRoutes routes = new ExplorerRoutes(service);
    routing.addFilter(routes::timeWrites);
    for (String path : StaticPages.FILES.keySet()) {
      routing.get(path, (request, response) -> routes.sendPage(path, response));
    }
    routing.get("/metrics", (request, response) ->
        HttpApi.send(response, 200, routes.metrics.json(System.currentTimeMillis())));
    routing.get("/status/kraft", (request, response) -> HttpApi.send(response, 200, routes.kraft()));
  }

  private void timeWrites(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    if (request.prologue().method() != Method.POST) {
      chain.proceed();
      return;
    }
    long start = System.nanoTime();
    chain.proceed();
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      metrics.recordWrite(System.nanoTime() - start);
    }
  }

  private void sendPage(String path, ServerResponse response) {
    StaticPages.Page page = pages.page(path);
    response.header(HeaderNames.CONTENT_TYPE, page.contentType());
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
    response.header(HeaderNames.create("Content-Security-Policy"), StaticPages.CONTENT_SECURITY_POLICY);
    response.send(page.body());
  }

  private Json.Obj kraft() {
    KraftView view = service.kraftView().orElse(new KraftView("single", java.util.List.of(), java.util.List.of()));
    Json.Arr candidates = Json.array();
    view.candidates().forEach(candidates::add);
    Json.Arr groups = Json.array();
    for (KraftView.Group group : view.groups()) {
      Json.Arr members = Json.array();
      group.members().forEach(members::add);
      groups.add(Json.object().put("head", group.head()).put("members", members)
          .put("relay", group.relay() == 0 ? null : group.relay()));
    }
    return Json.object().put("id", service.status().id()).put("mode", view.mode()).put("candidates", candidates)
        .put("groups", groups);
  }
}
