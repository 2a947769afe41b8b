/* Rideau search page: loads Pagefind's UI and index only here, after the page has rendered.
   The index is built by the `search` plugin (Pagefind, one index per language, in one or
   more shards). No inline
   script or style: the pages allow scripts and styles from the site itself only. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) {
    return;
  }

  function fail(message) {
    box.removeAttribute("aria-busy");
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = message;
    box.replaceChildren(p);
  }

  if (window.location.protocol === "file:") {
    fail(box.getAttribute("data-file-message"));
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(css);

  var script = document.createElement("script");
  script.src = new URL("pagefind-ui.js", bundle).href;
  script.onerror = function () {
    fail(box.getAttribute("data-error-message"));
  };
  // French puts a no-break space before a colon: Pagefind writes "key: value" for a result's
  // metadata (its date), so the space goes at the end of the key.
  var metaSpace = box.getAttribute("data-meta-space") || "";
  function typesetMeta(result) {
    if (metaSpace && result.meta) {
      Object.keys(result.meta).forEach(function (key) {
        if (key !== "title" && key !== "image") {
          result.meta[key + metaSpace] = result.meta[key];
          delete result.meta[key];
        }
      });
    }
    return result;
  }

  // The language switch keeps the words searched for: the other site runs the same search.
  function keepQueryInLanguageSwitch(query) {
    document.querySelectorAll(".lang-switch a[href]").forEach(function (link) {
      var target = new URL(link.getAttribute("href"), document.baseURI);
      if (query) {
        target.searchParams.set("q", query);
      } else {
        target.searchParams.delete("q");
      }
      link.href = target.href;
    });
  }

  function start() {
    box.removeAttribute("aria-busy");
    /* global PagefindUI */
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      autofocus: false,
      pageSize: 10,
      translations: JSON.parse(box.getAttribute("data-translations") || "{}"),
      processResult: typesetMeta
    });
    // Pagefind's input has a placeholder only: give it a visible label.
    var input = box.querySelector("input[type=text], input[type=search]");
    if (input) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.className = "search-label";
      label.textContent = box.getAttribute("data-label");
      box.insertBefore(label, box.firstChild);
    }
    if (input) {
      input.addEventListener("input", function () {
        keepQueryInLanguageSwitch(input.value.trim());
      });
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
      keepQueryInLanguageSwitch(query);
    }
  }

  // A large archive's index is in shards, one Pagefind bundle each (the first one, `bundle`,
  // lists them all: the indexer writes the list after the pages). Each other shard is merged
  // into the Pagefind module that the UI imports (the same URL, so the same module), so that
  // one search reads every shard and its filters count the stories of all of them.
  function mergeShards(pagefind) {
    // Asked again each time (as Pagefind does its entry file): a list kept from before a
    // rebuild could name a shard that is gone, or miss a new one.
    return fetch(new URL("rideau-shards.json", bundle).href, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("no list of the index's shards: " + response.status);
        }
        return response.json();
      })
      .then(function (listing) {
        return Promise.all(
          listing.shards.slice(1).map(function (name) {
            return pagefind.mergeIndex(new URL("../" + name + "/", bundle).href);
          })
        );
      });
  }

  box.setAttribute("aria-busy", "true");
  script.onload = function () {
    // Pagefind's UI shows the filters that its first search returns. When that search ends
    // before the UI's own request for every filter, the filters not loaded yet are missing
    // (the "Site" filter, say) until the next keystroke. Loading every filter of every shard
    // first, into the same Pagefind module the UI imports, closes that race.
    import(new URL("pagefind.js", bundle).href)
      .then(function (pagefind) {
        return mergeShards(pagefind).then(function () {
          return pagefind.filters();
        });
      })
      .then(start, function () {
        fail(box.getAttribute("data-error-message"));
      });
  };
  document.head.appendChild(script);
})();
