// Cairn explorer, the views: blocks, one block, a record with its proof, anchor and verify, the
// cluster, the live charts and the DAG. Each registers {show(args)} with Explorer.views; the
// router (explorer.js) shows one at a time from the URL's #/name/arg.
"use strict";

(() => {
  const { $, api, write, h, replace, checkKey, every, fail, message, clearMessage, views } = Explorer;
  const short = hex => hex ? hex.substring(0, 16) + "…" : "";
  const time = ms => new Date(ms).toISOString().replace("T", " ").replace("Z", " UTC");
  const yesNo = value => h("span", { class: value ? "yes" : "no" }, value ? "yes" : "no");
  const recordLink = key => h("a", { href: "#/record/" + key, "data-key": key, class: "hex" }, short(key));
  const blockLink = height => h("a", { href: "#/block/" + height, "data-height": height }, String(height));
  const badge = (code, passed) => h("span", { class: "verdict " + (passed ? "pass" : "fail") }, code);
  const fields = pairs => pairs.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]);
  const path = hashes => hashes.length === 0 ? h("span", { class: "note" }, "empty: the only leaf is the root")
      : h("ol", { class: "proof-path" }, hashes.map(x => h("li", {}, x)));

  views.blocks = {
    show: () => every(2000, async () => {
      const summary = await api("GET", "/blocks");
      const heights = [];
      for (let height = summary.count - 1; height >= 0 && heights.length < 20; height--) heights.push(height);
      const blocks = await Promise.all(heights.map(height => api("GET", "/blocks/" + height)));
      replace("blocks-summary", document.createTextNode(summary.count + " blocks; head "
          + (summary.head_hash || "none") + ". The newest 20:"));
      replace("blocks-table", h("thead", {}, h("tr", {}, ["height", "hash", "time", "transactions", "records"]
          .map(name => h("th", {}, name)))), h("tbody", {}, blocks.map(block => {
        const keys = block.transactions.flatMap(t => t.records || []);
        return h("tr", { class: "block-row", "data-height": block.height }, h("td", {}, blockLink(block.height)),
            h("td", { class: "hex" }, short(block.hash)), h("td", {}, time(block.timestamp_ms)),
            h("td", {}, String(block.transaction_count)),
            h("td", {}, keys.slice(0, 4).map(key => [recordLink(key), " "]),
                keys.length > 4 ? "and " + (keys.length - 4) + " more" : ""));
      })));
    }),
  };

  $("block-go").addEventListener("submit", event => {
    event.preventDefault();
    const text = $("block-height").value.trim();
    if (!/^[0-9]+$/.test(text)) {
      message("a block height is a whole number from 0; '" + text + "' is not one", "error");
      return;
    }
    location.hash = "#/block/" + text;
  });

  views.block = {
    section: "block", nav: "blocks",
    show: async ([height]) => {
      replace("block-header");
      replace("block-transactions");
      $("block-title").textContent = "Block " + height;
      const block = await api("GET", "/blocks/" + encodeURIComponent(height));
      replace("block-header", fields([["height", String(block.height)], ["hash", h("code", {}, block.hash)],
        ["previous hash", block.height > 0 ? h("a", { href: "#/block/" + (block.height - 1), class: "hex" },
            block.previous_hash) : h("code", {}, block.previous_hash)],
        ["merkle root", h("code", {}, block.merkle_root)], ["time", time(block.timestamp_ms)],
        ["proposer", h("code", {}, block.proposer)], ["signature valid", yesNo(block.signature_valid)],
        ["transactions", String(block.transaction_count)]]));
      replace("block-transactions", block.transactions.map((t, index) => h("div", { class: "transaction" },
          h("h4", {}, "transaction " + index + " · " + t.kind), h("dl", { class: "fields" }, fields([
            ["id", h("code", {}, t.id)], ["requester", h("code", {}, t.requester)], ["nonce", String(t.nonce)],
            ["signature valid", yesNo(t.signature_valid)],
            t.kind === "anchor" ? ["records", h("ol", { start: 0 }, t.records.map(key => h("li", {}, recordLink(key))))]
                : ["state", h("code", {}, t.organization + ": " + t.state_hex)]])))));
    },
  };

  $("record-form").addEventListener("submit", event => {
    event.preventDefault();
    try {
      location.hash = "#/record/" + checkKey($("record-key").value);
    } catch (e) {
      fail(e);
    }
  });

  views.record = {
    show: async ([key]) => {
      replace("record-detail");
      if (!key) return;
      $("record-key").value = key;
      const checked = checkKey(key);
      const [proof, verdict] = await Promise.all([api("GET", "/records/" + checked + "/proof"),
        api("GET", "/records/" + checked + "/verdict")]);
      replace("record-detail", h("h3", {}, "Anchor"), h("dl", { class: "fields" }, fields([
        ["key", h("code", {}, proof.key)], ["block", blockLink(proof.height)],
        ["transaction", String(proof.transaction)], ["entry", String(proof.entry)],
        ["verdict on this node", h("span", {}, badge(verdict.verdict, verdict.passed), " ", verdict.detail)],
        ["raw record", h("a", { href: "records/" + proof.key }, "download")],
        ["verify", h("a", { href: "#/anchor/" + proof.key }, "verify on this node or by every member")]])),
        h("h3", {}, "Merkle proof"), h("dl", { class: "fields", id: "proof" }, fields([
          ["entry leaf", h("code", {}, proof.entry_leaf)],
          ["entry path (to the transaction's root)", path(proof.entry_path)],
          ["transaction id", h("code", {}, proof.transaction_id)], ["requester", h("code", {}, proof.requester)],
          ["transaction path (to the block's merkle root)", path(proof.transaction_path)],
          ["block merkle root", h("code", {}, proof.block.merkle_root)], ["block hash", h("code", {}, proof.block.hash)],
          ["block signature valid", yesNo(proof.block.signature_valid)]])));
    },
  };

  $("anchor-form").addEventListener("submit", event => {
    event.preventDefault();
    anchorFiles().catch(fail);
  });

  async function anchorFiles() {
    clearMessage();
    const files = Array.from($("anchor-file").files);
    if (files.length === 0) {
      message("choose a file to anchor first", "error");
      return;
    }
    const empty = files.find(file => file.size === 0);
    if (empty) {
      message(empty.name + " is empty: an empty record cannot be anchored", "error");
      return;
    }
    const rows = [];
    for (const file of files) {
      const receipt = await write("/records", await file.arrayBuffer());
      rows.push(h("tr", { class: "receipt", "data-key": receipt.key }, h("td", {}, file.name),
          h("td", {}, recordLink(receipt.key)), h("td", {}, blockLink(receipt.height)),
          h("td", {}, String(receipt.transaction)), h("td", {}, String(receipt.entry)),
          h("td", { class: "hex" }, short(receipt.block_hash))));
      $("verify-key").value = receipt.key;
    }
    replace("anchor-result", h("p", {}, "Anchored and committed:"), h("table", { id: "receipts" },
        h("tr", {}, ["file", "key", "block", "transaction", "entry", "block hash"].map(n => h("th", {}, n))), rows));
  }

  $("verify-form").addEventListener("submit", event => {
    event.preventDefault();
    verifyLocal().catch(fail);
  });
  $("verify-request-button").addEventListener("click", () => verifyByEveryMember().catch(fail));

  async function verifyLocal() {
    clearMessage();
    replace("verify-result");
    const key = checkKey($("verify-key").value);
    const verdict = await api("GET", "/records/" + key + "/verdict");
    replace("verify-result", h("div", { id: "verdict", "data-verdict": verdict.verdict },
        badge(verdict.verdict, verdict.passed), " ", verdict.detail,
        verdict.height !== undefined ? h("span", {}, " · block ", blockLink(verdict.height)) : null));
  }

  async function verifyByEveryMember() {
    clearMessage();
    replace("verify-result", h("p", {}, "asking every member…"));
    const key = checkKey($("verify-key").value);
    const outcome = await write("/records/" + key + "/verification");
    replace("verify-result", h("div", { id: "outcome", "data-agreed": String(outcome.agreed) },
        badge(outcome.agreed ? "AGREED" : "NOT AGREED", outcome.agreed), " ",
        outcome.passing + " of " + outcome.participants + " participants passed it"),
        h("table", { id: "verdicts" }, h("tr", {}, ["participant (public key)", "verdict", "attempts", "detail"]
            .map(n => h("th", {}, n))), outcome.verdicts.map(v => h("tr", { class: "participant-verdict" },
          h("td", { class: "hex" }, short(v.participant)), h("td", {}, badge(v.verdict, v.passed)),
          h("td", {}, String(v.attempts)), h("td", {}, v.detail)))),
        outcome.problems.length ? h("ul", {}, outcome.problems.map(p => h("li", {}, p))) : null,
        outcome.recorded ? h("p", {}, "The signed verdicts are anchored as record ", recordLink(outcome.recorded.key),
            " in block ", blockLink(outcome.recorded.height), ".") : null);
  }

  views.anchor = {
    show: async ([key]) => {
      if (key) $("verify-key").value = key;
    },
  };

  views.cluster = {
    show: () => every(1500, async () => {
      const [status, kraft] = await Promise.all([api("GET", "/status"), api("GET", "/status/kraft")]);
      const leader = status.members.find(m => m.id === status.leader);
      replace("cluster-summary", fields([["this node", String(status.id) + " (" + status.role + ")"],
        ["leader", leader ? h("span", { id: "cluster-leader", "data-leader": leader.id }, String(leader.id), " ",
            leader.url ? h("a", { href: leader.url + "/" }, "open its explorer") : null)
            : h("span", { id: "cluster-leader", "data-leader": "0" }, "none known")],
        ["term", String(status.term)], ["commit index", String(status.commit_index)],
        ["applied index", String(status.applied_index)], ["blocks", String(status.block_count)]]));
      replace("members", h("tr", {}, ["id", "client API", "peer address", "role", "alive", "match index", "lagging"]
          .map(n => h("th", {}, n))), status.members.map(m => h("tr", { "data-member": m.id },
        h("td", {}, String(m.id) + (m.self ? " (this node)" : "")),
        h("td", {}, m.url ? h("a", { href: m.url + "/" }, m.url) : "—"), h("td", {}, m.peer || "—"),
        h("td", {}, m.id === status.leader ? "leader" : m.self ? status.role : "—"), h("td", {}, yesNo(m.alive)),
        h("td", {}, String(m.match_index)), h("td", {}, yesNo(m.lagging)))));
      replace("kraft", kraftView(kraft, status.role === "leader"));
    }),
  };

  function kraftView(kraft, leading) {
    if (kraft.mode === "single") return h("p", {}, "A one-node ledger: no replication.");
    if (kraft.mode !== "kraft") return h("p", {}, "Raft mode: the leader talks to every follower; no candidate layer.");
    return [h("h3", {}, "KRaft candidate layer"), h("p", { id: "candidates" }, kraft.candidates.join(", ")),
      h("h3", {}, "Relay groups"), h("div", {}, kraft.groups.map(g => h("div", { class: "group" },
        h("div", { class: "head" }, "head " + g.head), h("div", {}, "members " + g.members.join(", ")),
        h("div", {}, "relay " + (g.relay !== null ? g.relay : leading ? "none yet" : "— (known on the leader)")))))];
  }

  views.charts = {
    show: () => every(1000, async () => {
      const metrics = await api("GET", "/metrics");
      const series = field => metrics.samples.map(s => ({ t: s.time_ms, v: s[field] }));
      Charts.line($("chart-commits"), [series("commits_per_s")]);
      Charts.line($("chart-latency"), [series("commit_latency_p50_ms"), series("commit_latency_p99_ms")]);
      Charts.line($("chart-stalls"), [series("write_stalls_per_s")]);
      Charts.line($("chart-l0"), [metrics.samples.map(s => ({ t: s.time_ms, v: s.l0_occupancy * 100 }))], { min: 10 });
      replace("databases", h("tr", {}, ["database", "L0", "L0 tables", "L0 bytes", "occupancy", "write stalls",
        "stalled ms"].map(n => h("th", {}, n))), metrics.databases.map(d => h("tr", {}, h("td", {}, d.name),
        h("td", {}, d.l0_mode), h("td", {}, String(d.l0_tables)), h("td", {}, String(d.l0_bytes)),
        h("td", {}, (d.l0_occupancy * 100).toFixed(1) + " %"), h("td", {}, String(d.write_stalls)),
        h("td", {}, String(d.write_stall_ms)))));
    }),
  };

  // The DAG's JSON is shown generically: scalars as fields, arrays of objects as tables.
  function generic(value) {
    if (Array.isArray(value)) {
      if (value.length && typeof value[0] === "object" && value[0] !== null) {
        const columns = [...new Set(value.flatMap(Object.keys))];
        return h("table", {}, h("tr", {}, columns.map(c => h("th", {}, c))), value.map(row =>
          h("tr", {}, columns.map(c => h("td", {}, typeof row[c] === "object" ? JSON.stringify(row[c]) : String(row[c]))))));
      }
      return h("code", {}, value.join(", "));
    }
    if (typeof value === "object" && value !== null) {
      return h("dl", { class: "fields" }, fields(Object.entries(value).map(([k, v]) => [k, generic(v)])));
    }
    return h("span", {}, String(value));
  }

  views.dag = {
    show: () => every(3000, async () => replace("dag-detail", generic(await api("GET", "/dag")))),
  };
})();
