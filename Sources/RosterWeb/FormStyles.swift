extension Assets {
    /// The rules of the What-if and People forms, served after ``style``.
    static let formStyle = """
        fieldset.change{border:1px solid var(--line);border-radius:4px;margin:.6rem 0;padding:.3rem .9rem .6rem}
        fieldset.change legend{font-weight:600;padding:0 .3rem}
        .row{display:flex;gap:.9rem;flex-wrap:wrap;align-items:flex-end;margin:.2rem 0}
        .field{display:inline-block}.field label{font-weight:normal;color:var(--muted);margin:.3rem 0 .1rem}
        input.short,.row select{min-width:0}input.short{width:auto}
        label.check{display:inline-flex;gap:.3rem;align-items:center;font-weight:normal;margin:.1rem .8rem .1rem 0}
        .checklist{max-height:11rem;overflow:auto;columns:16rem;border:1px solid var(--line);padding:.3rem .5rem}
        .checklist label.check{display:flex}
        table.days td{text-align:center}table.days th[scope=row]{font-weight:normal;text-align:left}
        section.adopt{border:1px solid var(--line);border-radius:4px;padding:.2rem 1rem .6rem;margin:.8rem 0;\
        background:var(--bg);max-width:60rem}
        ul.warnings{color:#8a5a00}
        form.record{max-width:46rem}form.record .row .field input[type=text]{min-width:10rem}
        table.diff tr.changed td{background:#fff7e0}
        """
}
