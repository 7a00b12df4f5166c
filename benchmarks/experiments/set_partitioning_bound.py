"""Root bound of the set-partitioning relaxation of a roster instance (an experiment).

One column per legal group (slot, modality, room, members), priced by column generation:
the strongest relaxation we know that is still an LP. It bounds how far any LP-based exact
method can close the gap on small instances. Needs `pip install highspy`; handles one cohort
and enforces separations in pricing. Not part of the planner's build or tests.

    python3 benchmarks/experiments/set_partitioning_bound.py instances/bench/small-30.json
    (2026-11-23, small-30: root bound 614.85 after 110 rounds, 14,492 columns; 154 s on an idle core)
"""
import json, sys, highspy, numpy as np, time, itertools, collections
inst=json.load(open(sys.argv[1]))
days=inst['days']; sess=inst['sessions']; mods=inst.get('modalities',["CBT","DBT","Mindfulness","Psychoeducation"])
pol=inst.get('policy',{}); W={'unmetHour':1000,'otherModalityHour':10,'secondaryModalityHour':3,'group':2,'continuityBreak':5}; W.update(pol.get('weights',{}))
gmin=pol.get('minGroupSize',8); gmax=pol.get('maxGroupSize',12); maxSame=pol.get('maxSameModalityPerDay',2)
def allows(av, sd):
    if av is None: return True
    d,s=sd.split('-')
    return any((a.split('-')[0] in ('*',d)) and (a.split('-')[1] in ('*',s)) for a in av)
SD=[f"{d}-{s['id']}" for d in days for s in sess]
H={f"{d}-{s['id']}":s['hours'] for d in days for s in sess}
T=[(sd,k) for sd in SD for k in range(1,H[sd]+1)]
P=inst['patients']; C=inst['clinicians']; R=inst.get('rooms',[])
h=highspy.Highs(); h.setOptionValue('output_flag',False)
inf=highspy.kHighsInf
rows={}  # name -> index
def row(name,lo,hi):
    rows[name]=h.getNumRow(); h.addRow(lo,hi,0,np.array([],dtype=np.int32),np.array([]))
const=W['unmetHour']*sum(p['weeklyHours'] for p in P)
for p in P:
    for sd in SD:
        for k in range(1,H[sd]+1): row(('part',p['id'],sd,k),0,0)
        for m in mods: row(('same',p['id'],sd,m),-inf,0)
    row(('days',p['id']),-inf,min(p.get('maxDaysPerWeek',len(days)), len(days)))
    row(('hours',p['id']),-inf,p['weeklyHours'])
for r in R:
    for t in T: row(('room',r['id'])+t,-inf,1)
for t in T:
    for m in mods: row(('lead',)+t+(m,),0,0)
for c in C:
    for t in T: row(('cslot',c['id'])+t,-inf,1)
    if 'maxHoursPerWeek' in c: row(('cweek',c['id']),-inf,c['maxHoursPerWeek'])
    if 'maxHoursPerDay' in c:
        for d in days: row(('cday',c['id'],d),-inf,c['maxHoursPerDay'])
# one session per day rows
for p in P:
    for d in days: row(('oneday',p['id'],d),-inf,1)
def addcol(cost, entries, ub=1.0, lb=0.0):
    idx=np.array([rows[e[0]] for e in entries],dtype=np.int32); val=np.array([e[1] for e in entries],dtype=float)
    h.addCol(cost,lb,ub,len(idx),idx,val)
cols=[]
for p in P:
    for sd in SD:
        if not allows(p.get('availability'),sd) or H[sd]>p['weeklyHours']: continue
        cost=-W['unmetHour']*H[sd]
        if 'previous' in p and sd not in p['previous']: cost+=W['continuityBreak']
        ent=[(('part',p['id'],sd,k),-1) for k in range(1,H[sd]+1)]+[(('same',p['id'],sd,m),-maxSame) for m in mods]
        ent+=[(('days',p['id']),1),(('hours',p['id']),H[sd]),(('oneday',p['id'],sd.split('-')[0]),1)]
        addcol(cost,ent); cols.append(('y',p['id'],sd))
for t in T:
    for m in mods:
        for c in C:
            if m in c['modalities'] and allows(c.get('availability'),t[0]):
                ent=[(('lead',)+t+(m,),-1),(('cslot',c['id'])+t,1)]
                if 'maxHoursPerWeek' in c: ent.append((('cweek',c['id']),1))
                if 'maxHoursPerDay' in c: ent.append((('cday',c['id'],t[0].split('-')[0]),1))
                addcol(0,ent); cols.append(('lead',c['id'],t,m))
def pcost(p,m):
    if m==p['track']: return 0
    if m==p.get('secondary'): return W['secondaryModalityHour']
    return W['otherModalityHour']
sep=collections.defaultdict(set)
for p in P:
    for q in p.get('separateFrom',[]): sep[p['id']].add(q); sep[q].add(p['id'])
def size(m):
    g=pol.get('groupSize',{}).get(m,{}); return g.get('min',gmin), g.get('max',gmax)
groupcols=set()
def price(duals):
    new=[]
    for t in T:
        sd,k=t
        for m in mods:
            lo,hi=size(m)
            rooms=[r for r in R if allows(r.get('availability'),sd) and r['capacity']>=lo] if R else [None]
            base=W['group']-duals[rows[('lead',)+t+(m,)]]  # a group has +1 in its lead row
            vals=[]
            for p in P:
                if ('part',p['id'],sd,k) not in rows: continue
                v=pcost(p,m)-duals[rows[('part',p['id'],sd,k)]]-duals[rows[('same',p['id'],sd,m)]]
                vals.append((v,p['id']))
            vals.sort()
            for r in rooms:
                cap=min(hi, r['capacity']) if r else hi
                rb=base-(duals[rows[('room',r['id'])+t]] if r else 0)
                S=[];tot=rb
                for v,pid in vals:
                    if len(S)>=cap: break
                    if len(S)>=lo and v>=0: break
                    if any(q in sep[pid] for q in S): continue
                    S.append(pid); tot+=v
                if len(S)>=lo and tot< -1e-6:
                    key=(t,m,r['id'] if r else None,tuple(sorted(S)))
                    if key not in groupcols: new.append((key,tot))
    return new
def addgroup(key):
    t,m,r,S=key; sd,k=t
    ent=[(('part',pid,sd,k),1) for pid in S]+[(('same',pid,sd,m),1) for pid in S]+[(('lead',)+t+(m,),1)]
    if r: ent.append((('room',r)+t,1))
    addcol(W['group']+sum(pcost(next(p for p in P if p['id']==pid),m) for pid in S), ent, ub=inf)
    groupcols.add(key); cols.append(('g',)+key)
start=time.time(); it=0
while True:
    h.run(); it+=1
    obj=h.getInfo().objective_function_value
    duals=h.getSolution().row_dual
    new=price(duals)
    if it%20==0 or not new: print(it,'obj',round(obj+const,3),'cols',len(groupcols),'new',len(new),'t',round(time.time()-start,1),flush=True)
    if not new: break
    new.sort(key=lambda x:x[1])
    for key,_ in new[:200]: addgroup(key)
print('root bound', obj+const)
sol=h.getSolution().col_value
frac=[(cols[i],round(v,3)) for i,v in enumerate(sol) if cols[i][0]=='g' and v>1e-6]
print('groups in LP', sum(v for _,v in frac), 'fractional', sum(1 for _,v in frac if v<0.999))
