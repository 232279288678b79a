// A table a little wider than the text column is set in smaller type to fit; one still wider
// scrolls sideways and says so above it (issue 22). Narrow tables and phones' cards show nothing.
document.addEventListener("DOMContentLoaded", () => {
  const breakable = (node, re) => {
    const parts = node.textContent.split(re);
    if (parts.length < 2) return;
    const frag = document.createDocumentFragment();
    parts.forEach((part, i) => {
      frag.append(part);
      if (i < parts.length - 1) frag.append(document.createElement("wbr"));
    });
    node.replaceWith(frag);
  };
  // Tokens that read as one (a range "369-1,666", a source key "SED-2003", a name
  // "Cochrane-Orcutt", the collection's name) never break at their hyphen, and a file name
  // in code breaks only after its "_", "." or "/": no "2001-12-|31" or "asyl|um" on a phone.
  // So does a table cell or header holding one such name (a result's key, a column
  // cumulative_female), which would otherwise take the width its neighbours need.
  const atom = new RegExp("(?<![A-Za-z0-9_-])(?:[0-9][0-9.,]*%?(?:[-–][0-9][0-9.,]*%?)*[가-힣]*"
    + "|[A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z][a-z]+(?:-[A-Z][a-z]+)+|[a-z]+-[A-Z][A-Za-z0-9]*|quasi-[A-Za-z]+"
    + "|nk-defector-arrivals)(?![A-Za-z0-9_-])", "g");
  // (a number is kept whole only where it could break: a range, or a number and its Korean
  // particle, "21%였지만")
  const needed = (m) => m.length <= 24 && (!/^[0-9]/.test(m) || /[-–가-힣]/.test(m));
  const file = /^[A-Za-z0-9_./-]*_[A-Za-z0-9_./-]*$/;  // one name with an "_", as a table's row name
  const texts = [];
  for (const root of document.querySelectorAll(".bd-article, .bd-sidebar-secondary")) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) texts.push(walk.currentNode);
  }
  texts.forEach((node) => {
    const el = node.parentElement;
    if (!el || el.closest("pre, script, style, .nobr")) return;
    if ((el.closest("code") && /[_./]/.test(node.textContent))
        || (el.closest("td, th") && file.test(node.textContent.trim()))) {
      // (in code not before a last character: "01_phases.*")
      breakable(node, el.closest("code") ? /(?<=[_./])(?=..)/ : /(?<=[_./])(?=.)/);
      return;
    }
    if (!el.closest(".bd-article")) return;
    const text = node.textContent;
    const found = [...text.matchAll(atom)].filter((m) => needed(m[0]));
    if (!found.length) return;
    const frag = document.createDocumentFragment();
    let at = 0;
    found.forEach((m) => {
      frag.append(text.slice(at, m.index));
      const span = document.createElement("span");
      span.className = "nobr";
      span.textContent = m[0];
      frag.append(span);
      at = m.index + m[0].length;
    });
    frag.append(text.slice(at));
    node.replaceWith(frag);
  });
  // A parameters cell on a phone: each line wraps under itself, indented (not back at the
  // margin), and the spaces that align its comments on a desktop shrink to one
  document.querySelectorAll(".tag_parameters div.highlight pre").forEach((pre) => {
    const lines = pre.innerHTML.replace(/\n$/, "").split("\n");
    const count = (line, tag) => line.split(tag).length - 1;
    if (!lines.every((line) => count(line, "<span") === count(line, "</span>"))) return;
    pre.innerHTML = lines.map((line) => '<span class="code-line">'
      + (line.replace(/( {2,})(<span class="c1">)/, '<span class="pad">$1</span>$2') || " ") + "</span>").join("");
    pre.classList.add("code-lines");
  });
  const mark = () => document.querySelectorAll(".bd-article div.output.text_html").forEach((box) => {
    // A table a little wider than the column is set in smaller type, down to 72%, to fit it
    const table = box.querySelector("table");
    if (table) {
      table.style.fontSize = "";
      for (let size = 100; size > 72 && box.scrollWidth > box.clientWidth + 1; size -= 4) {
        table.style.fontSize = (size - 4) + "%";
      }
      if (box.scrollWidth > box.clientWidth + 1) table.style.fontSize = "";
    }
    const wide = box.scrollWidth > box.clientWidth + 1;
    let note = box.previousElementSibling;
    if (!(note && note.classList.contains("scroll-note"))) {
      if (!wide) return;
      note = document.createElement("p");
      note.className = "scroll-note";
      note.textContent = "This table is wider than the page: scroll it sideways to see every column →";
      box.before(note);
    }
    note.hidden = !wide;
  });
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);  // a folded table is measured when it is opened
  // The Markdown tables of the Sources page: on a phone each row becomes a card, as the
  // notebooks' tables do (collection-table), each cell under its column's name; long names
  // may break after "_", ".", "/" or "," and web addresses after "/" (a <wbr>, which copying
  // leaves out), so that no column is wider than the page.
  document.querySelectorAll(".bd-article table.table:not(.collection-table)").forEach((table) => {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((tr) => [...tr.children].forEach((td, i) => {
      td.dataset.label = names[i] || "";
    }));
    table.classList.add("collection-table");
    const walker = document.createTreeWalker(table.querySelector("tbody") || table, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach((node) => {
      if (node.parentElement.closest("code")) breakable(node, /(?<=[_.\/,])/);
      else if (/https?:\/\//.test(node.textContent)) breakable(node, /(?<=\/)(?=[^\/])/);
    });
  });
});
