print("natoazctl: not built yet")
