"""hamta's stateful mock of the contacts, conversations and Callbell APIs, driven by the specs in spec/."""
