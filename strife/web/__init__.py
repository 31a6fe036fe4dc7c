"""The offline dashboard: static HTML, JS and CSS plus vendored Leaflet and a basemap."""
