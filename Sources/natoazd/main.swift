print("natoazd: not built yet")
