import RosterSolvers
print("GLPK \(GLPKLibrary.version)")
