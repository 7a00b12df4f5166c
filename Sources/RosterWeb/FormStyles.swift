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
        form.record{max-width:56rem;display:grid;grid-template-columns:minmax(9rem,17rem) minmax(0,1fr);\
        column-gap:1rem;align-items:baseline}
        form.record>label{grid-column:1;margin:.7rem 0 0}form.record .optional{font-weight:normal;color:var(--muted)}
        form.record>input,form.record>select{grid-column:2;justify-self:start;margin-top:.45rem}
        form.record>input.wide{width:26rem;max-width:100%}
        form.record>p.hint{grid-column:2;font-size:.9em;margin:.15rem 0 0}
        form.record>p:not(.hint),form.record>h2{grid-column:1/-1}
        form.record .row .field input[type=text]{min-width:10rem}
        table.diff tr.changed td{background:#fff7e0}
        """
}
