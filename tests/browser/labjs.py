"""JavaScript run in the JupyterLab page (needs ``--LabApp.expose_app_in_browser=True``).

Selectors for ipywidgets 8 in JupyterLab 4: the widget renderer is a bare
``div.lm-Panel.jp-OutputArea-output`` without ``data-mime-type``; it reads "Loading widget..."
until the view exists and "Error displaying widget" when it fails. Error outputs render as
stderr nodes, so errors are counted from the notebook model (``output_type == "error"``) and
from stderr nodes holding a traceback.
"""

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_FIND_PANEL = r"""
const findPanel = (path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w && w.content && w.sessionContext && w.context && w.context.path === path) return w;
  }
  return null;
};
"""

JS_STATE = "(path) => {" + _FIND_PANEL + r"""
  const panel = findPanel(path);
  const res = {app: !!window.jupyterapp, panel: !!panel};
  if (!panel) return res;
  const sc = panel.sessionContext;
  if (sc && !panel.__mxHooked) {  // remember every kernel status, to see a death and restart
    panel.__mxHooked = true;
    window.__mxStatuses = [];
    sc.statusChanged.connect((_, st) => window.__mxStatuses.push(st));
  }
  res.statuses_seen = Array.from(new Set(window.__mxStatuses || []));
  res.ready = !!(sc && sc.isReady);
  const kernel = sc && sc.session && sc.session.kernel;
  res.kernel_status = kernel ? kernel.status : null;
  let pending = 0, executed = 0, nonempty = 0, errors = 0;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (cell.model.sharedModel.getSource().trim()) nonempty += 1;
    const prompt = cell.node.querySelector('.jp-InputArea-prompt');
    if (prompt && prompt.textContent.includes('*')) pending += 1;
    if (cell.model.executionCount !== null && cell.model.executionCount !== undefined) executed += 1;
    const outs = cell.model.outputs;
    for (let i = 0; i < outs.length; i++) if (outs.get(i).type === 'error') errors += 1;
  }
  Object.assign(res, {pending, executed, nonempty_code_cells: nonempty, model_errors: errors});
  return res;
}"""

JS_COLLECT = "(path) => {" + _FIND_PANEL + r"""
  const panel = findPanel(path);
  const root = panel ? panel.node : document;
  const q = (sel) => Array.from(root.querySelectorAll(sel));
  const out = {code_cells: q('.jp-CodeCell').length};
  const stderr = q('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  const isTraceback = (t) => /Traceback|^\s*-{20,}\s*\n\s*\w+(Error|Exception)\b/m.test(t);
  const tracebacks = stderr.filter(e => isTraceback(e.textContent));
  out.error_outputs = tracebacks.length;
  out.error_texts = tracebacks.map(e => (e.textContent.trim().split('\n').filter(l => l.trim()).slice(-1)[0] || ''))
                              .slice(0, 10);
  out.stderr_texts = stderr.filter(e => !isTraceback(e.textContent)).map(e => e.textContent.trim().slice(0, 300));
  const outputs = q('.jp-OutputArea-output');
  const bare = outputs.filter(e => !e.hasAttribute('data-mime-type'));
  out.widgets_loading = bare.filter(e => e.textContent.trim().startsWith('Loading widget')).length;
  out.widgets_error = outputs.filter(e => e.textContent.includes('Error displaying widget')).length;
  // a widget shown through its text/plain fallback: the widget manager extension is missing
  let asText = 0;
  if (panel) {
    for (const cell of panel.content.widgets) {
      if (cell.model.type !== 'code' || !cell.outputArea) continue;
      const kids = Array.from(cell.outputArea.node.querySelectorAll(':scope > .jp-OutputArea-child'));
      for (let i = 0; i < cell.model.outputs.length; i++) {
        const o = cell.model.outputs.get(i);
        if (!(o.data && o.data['""" + WIDGET_MIME + r"""'])) continue;
        const node = kids[i] ? kids[i].querySelector(':scope > .jp-OutputArea-output') : null;
        if (!node || node.hasAttribute('data-mime-type')) asText += 1;
      }
    }
  }
  out.widgets_as_text = asText;
  out.widget_views = q('.jupyter-widgets:not(.jp-OutputArea-output)').length;
  out.buttons = q('button.jupyter-button').map(b => b.innerText.trim()).filter(t => t);
  const images = q('.jp-OutputArea-output img');
  out.images = images.length;
  // a widget Image with no bytes yet has no src: not broken, just empty
  out.images_pending = images.filter(i => i.getAttribute('src') && !i.complete).length;
  out.images_broken = images.filter(i => i.getAttribute('src') && i.complete && i.naturalWidth === 0).length;
  return out;
}"""

# Scroll the notebook one viewport down (or to the top with reset=true); returns true at the end.
# JupyterLab 4 scrolls inside .jp-WindowedPanel-outer and pads below the last cell, so the end
# is the bottom of the last cell, not the bottom of the scroller.
JS_SCROLL_NEXT = "([path, reset]) => {" + _FIND_PANEL + r"""
  const panel = findPanel(path);
  const el = panel && panel.node.querySelector('.jp-WindowedPanel-outer');
  if (!el) return true;
  if (reset) { el.scrollTop = 0; return false; }
  const cells = el.querySelectorAll('.jp-Cell');
  let end = el.scrollHeight;
  if (cells.length) {
    const last = cells[cells.length - 1].getBoundingClientRect();
    end = Math.min(end, last.bottom - el.getBoundingClientRect().top + el.scrollTop + 40);
  }
  if (el.scrollTop + el.clientHeight >= end - 2) return true;
  const before = el.scrollTop;
  el.scrollTop = el.scrollTop + el.clientHeight - 60;
  return el.scrollTop === before;
}"""

# Markup in the page that is live and came from data: for the hostile-export test (issue 14). ``needles`` are
# strings only a payload contains (the logging server's URL); ``marker`` is the global a script payload sets.
# An attribute that loads or runs something (src, href, on*, ...) holding a needle or a javascript: URL,
# and a <script>/<style> whose text holds a needle, is live. Text, and inert attributes such as title or
# aria-label, may hold the payload: that is how escaped text looks.
JS_LIVE_MARKUP = r"""([needles, marker]) => {
  const hasNeedle = (v) => needles.some(n => v.includes(n));
  // a URL attribute is live when it leads to the needle's server (absolute or protocol-relative) or runs
  // javascript:; a "#..." fragment (JupyterLab's heading anchors) or a link to another host leads nowhere of ours
  const leadsThere = (v) => { const t = v.trim().toLowerCase();
    return needles.some(n => t.startsWith(n.toLowerCase()) || t.startsWith(n.toLowerCase().replace(/^https?:/, '')))
      || /^javascript:/.test(t.replace(/[\s\u0000-\u001f]/g, '')); };
  const urlAttrs = new Set(['src', 'href', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href',
                            'ping', 'codebase', 'cite']);
  const anywhere = new Set(['style', 'srcset', 'srcdoc', 'content']);  // a URL anywhere inside them loads
  const live = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase(), v = a.value;
      const handler = name.startsWith('on') && (hasNeedle(v) || v.includes(marker));
      const url = (urlAttrs.has(name) && leadsThere(v)) || (anywhere.has(name) && hasNeedle(v));
      if (handler || url) live.push(`<${tag} ${name}="${v.slice(0, 160)}">`);
    }
    if ((tag === 'script' || tag === 'style') && hasNeedle(el.textContent || '')) {
      live.push(`<${tag}>${(el.textContent || '').slice(0, 160)}`);
    }
  }
  const value = window[marker];
  return {marker: value === undefined ? null : value, live: Array.from(new Set(live)).slice(0, 200)};
}"""

# What the Explorer shows, read from the page (issue 16): per tile its slot, item focus, select box and the text
# of its lines; the decision list, headline, status and detail pane; the theme; and the WCAG contrast of every
# text in a tile against the background it is painted on (computed colours, alpha blended), not a screenshot diff.
JS_EXPLORER = r"""() => {
  const root = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .mx-explorer');
  if (!root) return {found: false};
  const parse = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null; const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat([1]);
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1]; for (const layer of layers.reverse()) bg = over(layer, bg); return bg; };
  const lum = (c) => { const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 :
    Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const texts = [];
  for (const el of root.querySelectorAll('.mx-tile *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    const bg = background(el), fg = over(parse(getComputedStyle(el).color), bg);
    texts.push({text: el.textContent.trim().slice(0, 40), ratio: Math.round(ratio(fg, bg) * 100) / 100,
                color: getComputedStyle(el).color, background: `rgb(${bg.slice(0, 3).map(Math.round)})`});
  }
  texts.sort((a, b) => a.ratio - b.ratio);
  const tiles = Array.from(root.querySelectorAll('.mx-tile')).filter(t => getComputedStyle(t).visibility !== 'hidden')
    .map(t => ({slot: Number((/mx-slot-(\d+)/.exec(t.className) || [])[1]), focus: t.classList.contains('mx-focus'),
                checked: !!(t.querySelector('input[type=checkbox]') || {}).checked,
                info: (t.querySelector('.mx-info') || {}).textContent || ''}));
  const options = (title) => { const box = Array.from(root.querySelectorAll('.widget-vbox'))
    .find(b => b.firstElementChild && b.firstElementChild.textContent.trim() === title);
    return box ? Array.from(box.querySelectorAll('option')).map(o => o.textContent.replace(/\u00a0/g, ' '))
      : []; };
  const text = (sel) => Array.from(root.querySelectorAll(sel)).map(e => e.textContent.trim()).join(' | ');
  return {found: true, light: document.body.dataset.jpThemeLight, tiles, texts: texts.slice(0, 12),
          min_ratio: texts.length ? texts[0].ratio : null, n_texts: texts.length,
          tile_background: tiles.length ? getComputedStyle(root.querySelector('.mx-tile')).backgroundColor : null,
          decisions: options('Your decision'), headline: text('.mx-head'), detail: text('.mx-detail'),
          selected: text('.mx-count'), undo: text('.mx-undo'), status: text('.mx-status'), confirm: text('.mx-confirm'),
          errors: text('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
          focus_in_grid: !!(document.activeElement && document.activeElement.closest('.mx-grid'))};
}"""
