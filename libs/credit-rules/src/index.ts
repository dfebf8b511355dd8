/**
 * Every credit rule that more than one service needs, once: pure functions over plain data, no
 * framework, no I/O (see the README's architecture section, "Where each credit rule lives").
 */
export {};
