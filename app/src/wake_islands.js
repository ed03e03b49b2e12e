// Wakes the page's islands: leptos 0.8's island script (leptos/src/hydration/island_script.js,
// MIT), except that the app's JavaScript and WebAssembly are fetched only after the page has
// loaded and painted. The page is complete without them (its forms work without JavaScript), so
// they never hold back its first or largest paint on a slow phone network; nothing preloads them.
((js, wasm) => {
	const MOST_RECENT_CHILDREN_CB = [];

	function idle(c) {
		if ("requestIdleCallback" in window) {
			window.requestIdleCallback(c);
		} else {
			c();
		}
	}
	async function hydrateIslands(rootNode, mod) {
		async function traverse(node) {
			if (node.nodeType === Node.ELEMENT_NODE) {
				const tag = node.tagName.toLowerCase();
				if (tag === 'leptos-island') {
					const id = node.dataset.component || null;
					await hydrateIsland(node, id, mod);
					for (const child of node.children) {
						await traverse(child);
					}
				} else if (tag === 'leptos-children') {
					MOST_RECENT_CHILDREN_CB.push(node.$$on_hydrate);
					for (const child of node.children) {
						await traverse(child);
					}
					MOST_RECENT_CHILDREN_CB.pop();
				} else {
					for (const child of node.children) {
						await traverse(child);
					}
				}
			}
		}
		await traverse(rootNode);
	}
	async function hydrateIsland(el, id, mod) {
		const islandFn = mod[id];
		if (islandFn) {
			const children_cb = MOST_RECENT_CHILDREN_CB[MOST_RECENT_CHILDREN_CB.length - 1];
			if (children_cb) {
				children_cb();
			}
			const res = islandFn(el);
			if (res && res.then) {
				await res;
			}
		} else {
			console.warn(`Could not find WASM function for the island ${id}.`);
		}
	}
	let started = false;
	function start() {
		if (started) return;
		started = true;
		idle(() => {
			import(js).then(mod => {
				mod.default({ module_or_path: wasm }).then(() => {
					mod.hydrate();
					hydrateIslands(document.body, mod);
				});
				window.__hydrateIsland = (el, id) => hydrateIsland(el, id, mod);
			});
		});
	}
	// After the load event's frame has painted; a page whose load is held up (an image that
	// never arrives) wakes after two seconds all the same: a kiosk's idle watch must run.
	const afterPaint = () => requestAnimationFrame(() => setTimeout(start, 0));
	if (document.readyState === 'complete') {
		afterPaint();
	} else {
		addEventListener('load', afterPaint, { once: true });
		setTimeout(start, 2000);
	}
})
