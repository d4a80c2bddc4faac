print("natoaz-bench: not built yet")
