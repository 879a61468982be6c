// Cairn explorer, the shell: calls to this node's client API (openapi.json), the token prompt for
// writes, messages, element building, the router between views and the status bar. The views
// themselves are in views.js; charts in charts.js. Plain JavaScript, no build step.
"use strict";

const Explorer = (() => {
  const $ = id => document.getElementById(id);
  const state = { token: sessionStorage.getItem("cairn.token"), tokenWaiter: null, status: null, timers: [] };
  const views = {};

  /** A refusal or failure from the node, or bad input caught before sending. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Calls the API; resolves with the JSON body (or text), rejects with an ApiError. */
  async function api(method, path, body) {
    const headers = {};
    if (method !== "GET" && state.token) {
      headers.Authorization = "Bearer " + state.token;
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body, cache: "no-store" });
    } catch (e) {
      throw new ApiError(0, "UNREACHABLE", "the node at " + location.host + " does not answer: is it running?");
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      const code = json && json.error ? json.error : "HTTP_" + response.status;
      const message = json && json.message ? json.message : "the node answered " + response.status;
      throw new ApiError(response.status, code, message);
    }
    return json === null ? text : json;
  }

  /** A write (POST): when the node refuses it for want of the token, asks for it and retries. */
  async function write(path, body) {
    try {
      return await api("POST", path, body);
    } catch (e) {
      if (e.status !== 401) {
        throw e;
      }
      state.token = await askToken(e.message);
      sessionStorage.setItem("cairn.token", state.token);
      return write(path, body);
    }
  }

  function askToken(reason) {
    if (state.tokenWaiter) {
      state.tokenWaiter.reject(new ApiError(401, "UNAUTHORIZED", "another write asked for the token"));
    }
    return new Promise((resolve, reject) => {
      $("token-reason").textContent = "This node refused the write (" + reason + "). Enter its API token "
          + "(the file api.token of a cluster folder, or the node's --token-file):";
      $("token-box").hidden = false;
      $("token-input").value = "";
      $("token-input").focus();
      state.tokenWaiter = { resolve, reject };
    });
  }

  function answerToken(token) {
    const waiter = state.tokenWaiter;
    state.tokenWaiter = null;
    $("token-box").hidden = true;
    if (!waiter) {
      return;
    }
    if (token === null) {
      waiter.reject(new ApiError(401, "UNAUTHORIZED", "the write was not sent: no API token given"));
    } else {
      waiter.resolve(token);
    }
  }

  function message(text, kind) {
    const box = $("message");
    box.textContent = text;
    box.className = "message " + kind;
    box.hidden = false;
  }

  function clearMessage() {
    $("message").hidden = true;
    $("message").textContent = "";
  }

  /** Shows a failure as one clear sentence (the node's own message for a refusal). */
  function fail(error) {
    if (error instanceof ApiError) {
      message(error.status === 0 ? error.message : error.code + ": " + error.message, "error");
    } else {
      message("unexpected failure in the page: " + error.message, "error");
    }
  }

  /** An element with attributes and children (strings become text: nothing is parsed as HTML). */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (key.startsWith("on")) {
        node.addEventListener(key.substring(2), value);
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function replace(id, ...children) {
    const node = $(id);
    while (node.firstChild) node.removeChild(node.firstChild);
    for (const child of children.flat(Infinity)) {
      if (child) node.appendChild(child);
    }
  }

  /** A record key from a form: 64 hex digits, else an ApiError the page shows as is. */
  function checkKey(text) {
    const key = (text || "").trim().toLowerCase();
    if (key.length === 0) {
      throw new ApiError(400, "INVALID_ARGUMENT", "enter a record key: the record's SHA-256, 64 hex digits");
    }
    if (!/^[0-9a-f]*$/.test(key)) {
      throw new ApiError(400, "INVALID_ARGUMENT", "a record key has only hex digits (0-9, a-f); '"
          + key.replace(/[0-9a-f]/g, "").substring(0, 1) + "' is not one");
    }
    if (key.length !== 64) {
      throw new ApiError(400, "INVALID_ARGUMENT", "a record key is 64 hex digits; this one has " + key.length);
    }
    return key;
  }

  /** Repeats {@code task} every {@code ms} while the current view is shown. */
  function every(ms, task) {
    const run = () => task().catch(fail);
    run();
    state.timers.push(setInterval(run, ms));
  }

  function route() {
    state.timers.forEach(clearInterval);
    state.timers = [];
    clearMessage();
    const parts = (location.hash || "#/blocks").substring(2).split("/");
    const name = views[parts[0]] ? parts[0] : "blocks";
    const view = views[name];
    document.querySelectorAll("section.view").forEach(section => {
      section.hidden = section.id !== "view-" + (view.section || name);
    });
    document.querySelectorAll("nav a[data-view]").forEach(link => {
      link.classList.toggle("active", link.dataset.view === (view.nav || name));
    });
    Promise.resolve().then(() => view.show(parts.slice(1).map(decodeURIComponent))).catch(fail);
  }

  async function refreshStatus() {
    const bar = $("status-bar");
    try {
      const status = await api("GET", "/status");
      state.status = status;
      bar.textContent = "node " + status.id + " · " + status.role + " · leader "
          + (status.leader || "none") + " · term " + status.term + " · commit " + status.commit_index
          + " · " + status.block_count + " blocks";
      bar.dataset.leader = String(status.leader);
      bar.classList.remove("down");
    } catch (e) {
      bar.textContent = "node unreachable: " + e.message;
      bar.dataset.leader = "";
      bar.classList.add("down");
    }
  }

  function start() {
    $("token-save").addEventListener("click", () => {
      const token = $("token-input").value.trim();
      if (!token) {
        message("the token is empty: enter the node's API token or cancel", "error");
        return;
      }
      clearMessage();
      answerToken(token);
    });
    $("token-cancel").addEventListener("click", () => answerToken(null));
    window.addEventListener("hashchange", route);
    refreshStatus();
    setInterval(refreshStatus, 1500);
    // The DAG view exists only where the node serves GET /dag.
    api("GET", "/dag").then(() => { $("nav-dag").hidden = false; }, () => { $("nav-dag").hidden = true; });
    route();
  }

  document.addEventListener("DOMContentLoaded", start);

  return { $, api, write, h, replace, checkKey, every, fail, message, clearMessage, views, state, ApiError };
})();
