// Stylesheets do nothing in jsdom.
export default {}
