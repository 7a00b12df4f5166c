import Hummingbird

/// The stylesheet and script, served by the binary itself (the CSP allows nothing else).
enum Assets {
    static let stylePath = "/static/app.css"
    static let scriptPath = "/static/app.js"
    /// The page icon; without one a browser asks for `/favicon.ico`.
    static let iconPath = "/static/icon.svg"

    static func add(to router: Router<WebContext>) {
        router.get(RouterPath(stringLiteral: stylePath)) { _, _ in
            asset(style + "\n" + formStyle, type: "text/css; charset=utf-8")
        }
        router.get(RouterPath(stringLiteral: scriptPath)) { _, _ in
            asset(script, type: "text/javascript; charset=utf-8")
        }
        router.get(RouterPath(stringLiteral: iconPath)) { _, _ in asset(icon, type: "image/svg+xml") }
        router.get("/favicon.ico") { _, _ in asset(icon, type: "image/svg+xml") }
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">\
        <rect width="16" height="16" rx="3" fill="#2f5d8a"/>\
        <path d="M4 4h8M4 8h8M4 12h5" stroke="#fff" stroke-width="2"/></svg>
        """

    static let style = """
        :root{color-scheme:light;--line:#c9ced6;--ink:#1d2330;--muted:#5b6270;--accent:#2f5d8a;--bg:#f6f7f9}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:#fff}
        .top{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.5rem;background:var(--accent);color:#fff}
        .top a{color:#fff;text-decoration:none}.brand{font-weight:700;font-size:1.1rem}
        .top nav{display:flex;gap:1rem;flex:1}.top nav a{padding:.2rem .4rem;border-radius:3px}
        .top nav a.current,.top nav a:hover{background:rgba(255,255,255,.2)}
        .who{display:flex;gap:.6rem;align-items:center;margin-left:auto}
        button.link{background:none;border:1px solid rgba(255,255,255,.6);color:#fff;border-radius:3px;\
        padding:.15rem .5rem;cursor:pointer}
        main{padding:1rem 1.5rem 3rem;max-width:110rem}
        h1{font-size:1.4rem;margin:.4rem 0 .6rem}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}h3{font-size:1rem;\
        margin:1rem 0 .3rem}
        .meta{color:var(--muted);margin:.1rem 0}
        table{border-collapse:collapse;margin:.3rem 0}th,td{border:1px solid var(--line);padding:.25rem .45rem;\
        vertical-align:top;text-align:left}
        thead th{background:var(--bg)}.num{text-align:right}.total td{font-weight:600}
        .grid{width:100%;table-layout:fixed}.grid td{min-width:8rem}.grid th[scope=row]{width:7rem;background:var(--bg)}
        .time,.date{color:var(--muted);font-size:.85em;font-weight:normal}
        details.group{border-left:4px solid var(--m);background:var(--bg);margin:.15rem 0;padding:.1rem .35rem}
        details.group summary{cursor:pointer;list-style-position:inside}
        details.group ul{margin:.2rem 0 .3rem 1rem;padding:0}.group .who-leads{color:var(--muted)}
        .size{color:var(--muted)}
        .m0{--m:#4e79a7}.m1{--m:#f28e2b}.m2{--m:#59a14f}.m3{--m:#e15759}.m4{--m:#76b7b2}.m5{--m:#edc948}\
        .m6{--m:#b07aa1}.m7{--m:#9c755f}
        form.inline{display:inline}
        label{display:block;margin:.5rem 0 .15rem;font-weight:600}
        input[type=text],input[type=password],select{font:inherit;padding:.3rem .4rem;border:1px solid var(--line);\
        border-radius:3px;min-width:14rem}
        button{font:inherit;padding:.35rem .9rem;border-radius:3px;border:1px solid var(--accent);\
        background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        .card{border:1px solid var(--line);border-radius:4px;padding:1rem 1.2rem;max-width:26rem;margin:3rem auto}
        .card input[type=text],.card input[type=password]{width:100%}
        .notice{background:#eef4fa;border-left:4px solid var(--accent);padding:.5rem .8rem;margin:.6rem 0}
        .error .message,.refused{background:#fdf0f0;border-left:4px solid #c0392b;padding:.5rem .8rem}
        .picker{display:flex;gap:.5rem;align-items:center;margin:.4rem 0 1rem}
        .picker label{display:inline;margin:0}
        .columns{display:flex;gap:2rem;flex-wrap:wrap}
        output.progress{display:block;font-family:ui-monospace,monospace;background:var(--bg);padding:.5rem .8rem;\
        margin:.6rem 0}
        .reasons li,.suggestions li{margin:.15rem 0}
        .edits{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-start}
        form.edit{border:1px solid var(--line);border-radius:4px;padding:.2rem .9rem .4rem;background:var(--bg);\
        flex:1 1 18rem;max-width:24rem}
        form.edit h3{margin:.5rem 0}form.edit select{width:100%;min-width:0}
        .number{color:var(--muted);font-size:.85em}
        table.change tr.changed td{background:#fff7e0}
        .cell.faulty{background:#f6c9c4;font-weight:600;padding:0 .2rem;border-radius:2px}
        section#edit-result{margin:.6rem 0 1rem}section#edit-result h2{margin:.2rem 0 .5rem;font-size:1.05rem}
        ul.pins{padding-left:1.2rem}ul.pins li{margin:.2rem 0}.lapsed{color:#c0392b}
        a.pin{display:inline-block;font-size:.75em;line-height:1.2;padding:0 .3em;margin-left:.3em;border-radius:.6em;
          background:#6b4f9e;color:#fff;text-decoration:none;vertical-align:.1em}
        button.small{padding:.05rem .5rem;font-size:.85em}
        @media print{.top,.picker,form{display:none}main{padding:0}}
        """

    /// Progressive enhancement of the plan page: the progress line follows the solve over its
    /// event stream (`/plan/events`, server-sent events); when the stream fails it polls the
    /// status as JSON instead. When the solve ends the line shows how, the Cancel form goes and
    /// the link to the week's new roster appears. Without the script the page reloads itself
    /// (a `<noscript>` refresh) while the solve runs.
    static let script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const line = document.querySelector("output[data-status]");
          if (!line || line.dataset.state !== "running") return;
          const show = (status, via) => {
            line.textContent = status.line;
            line.dataset.via = via;
            if (status.running) return;
            line.dataset.state = "ended";
            for (const id of ["cancel", "refresh"]) {
              const element = document.getElementById(id);
              if (element) element.remove();
            }
            const done = document.getElementById("progress-done");
            if (done) done.hidden = false;
          };
          const poll = async () => {
            try {
              const response = await fetch(line.dataset.status, { credentials: "same-origin", cache: "no-store" });
              if (!response.ok) return;
              const status = await response.json();
              show(status, "polling");
              if (status.running) setTimeout(poll, 1000);
            } catch (error) {
              setTimeout(poll, 2000);
            }
          };
          if (!window.EventSource || !line.dataset.events) { poll(); return; }
          const source = new EventSource(line.dataset.events);
          let ended = false;
          source.addEventListener("progress", (event) => show(JSON.parse(event.data), "events"));
          source.addEventListener("done", (event) => {
            ended = true;
            source.close();
            const status = JSON.parse(event.data);
            show(status, "events");
            if (status.running) poll();
          });
          source.addEventListener("error", () => {
            if (ended) return;
            source.close();
            poll();
          });
        });
        """
}
