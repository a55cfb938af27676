/*
 * A small promise wrapper over IndexedDB: one database, one object store keyed by `id`.
 * Each call is its own transaction and resolves when that transaction has committed, so a
 * caller that awaits put() knows the item survives a closed tab or a flat battery.
 */
export class KeyValueStore {
  constructor(databaseName, storeName) {
    this.databaseName = databaseName;
    this.storeName = storeName;
    this.opening = null;
  }

  open() {
    if (!this.opening) {
      this.opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(this.databaseName, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(this.storeName, { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error(`IndexedDB ${this.databaseName} is blocked by another tab`));
      });
    }
    return this.opening;
  }

  async run(mode, makeRequest) {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction(this.storeName, mode);
      const request = makeRequest(transaction.objectStore(this.storeName));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error || request.error);
      transaction.onabort = () => reject(transaction.error || new Error("IndexedDB transaction aborted"));
    });
  }

  get(id) {
    return this.run("readonly", (store) => store.get(id));
  }

  getAll() {
    return this.run("readonly", (store) => store.getAll());
  }

  put(value) {
    return this.run("readwrite", (store) => store.put(value));
  }

  delete(id) {
    return this.run("readwrite", (store) => store.delete(id));
  }
}
