// Command groups added by later features register themselves here, one line each.
export {};
