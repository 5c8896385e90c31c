# puma's entry: ActionCable at /cable (its default mount path), the test's side door at /control.
require_relative "app"

map("/cable") { run ActionCable.server }
map("/control") { run Control.new }
