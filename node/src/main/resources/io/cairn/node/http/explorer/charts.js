// Cairn explorer: small hand-written SVG line charts (no library). Charts.line draws one or two
// series of {t, v} points (t in ms, v a number or null for a gap) into an <svg viewBox="0 0 W H">.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PAD = { left: 44, right: 8, top: 8, bottom: 18 };

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs)) {
      node.setAttribute(key, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function label(value) {
    if (value >= 1e6) return (value / 1e6).toFixed(1) + "M";
    if (value >= 1e3) return (value / 1e3).toFixed(1) + "k";
    if (value >= 10) return value.toFixed(0);
    return value.toFixed(value === 0 ? 0 : 2);
  }

  // Points of one series as SVG path commands; a null value breaks the line.
  function path(points, x, y) {
    let out = "";
    let pen = false;
    for (const point of points) {
      if (point.v === null || point.v === undefined || !Number.isFinite(point.v)) {
        pen = false;
        continue;
      }
      out += (pen ? "L" : "M") + x(point.t).toFixed(1) + "," + y(point.v).toFixed(1);
      pen = true;
    }
    return out;
  }

  // series: [[{t, v}...], ...] (at most two); options: {min: lowest top of the y axis}.
  function line(svg, series, options = {}) {
    const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const all = series.flat().filter(p => p.v !== null && Number.isFinite(p.v));
    const times = series.flat().map(p => p.t);
    if (times.length === 0) {
      svg.appendChild(el("text", { x: width / 2 - 30, y: height / 2 }, "no samples yet"));
      return;
    }
    const t0 = Math.min(...times);
    const t1 = Math.max(t0 + 1000, ...times);
    const top = Math.max(options.min || 1, ...all.map(p => p.v)) * 1.1;
    const x = t => PAD.left + (t - t0) / (t1 - t0) * (width - PAD.left - PAD.right);
    const y = v => height - PAD.bottom - v / top * (height - PAD.top - PAD.bottom);
    for (const fraction of [0, 0.5, 1]) {
      const value = top * fraction;
      svg.appendChild(el("line", { x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value), class: "grid" }));
      svg.appendChild(el("text", { x: 2, y: y(value) + 3 }, label(value)));
    }
    svg.appendChild(el("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: height - PAD.bottom, class: "axis" }));
    svg.appendChild(el("text", { x: PAD.left, y: height - 4 }, "-" + Math.round((t1 - t0) / 1000) + " s"));
    svg.appendChild(el("text", { x: width - PAD.right - 20, y: height - 4 }, "now"));
    series.forEach((points, index) => {
      svg.appendChild(el("path", { d: path(points, x, y), class: "line" + index }));
      // A dot per sample, so that a lone sample between gaps shows too.
      for (const point of points.filter(p => p.v !== null && Number.isFinite(p.v))) {
        svg.appendChild(el("circle", { cx: x(point.t).toFixed(1), cy: y(point.v).toFixed(1), r: 1.5, class: "dot" + index }));
      }
    });
    const last = series[0].filter(p => p.v !== null && Number.isFinite(p.v)).pop();
    svg.dataset.last = last ? String(last.v) : "";
  }

  return { line };
})();
