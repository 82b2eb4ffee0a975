from django.urls import path

from zhenggai.todo import views

urlpatterns = [
    path("todo/", views.todo, name="todo"),
    # The count in the navigation bar, fetched by the page after it loads (htmx), so that
    # no page pays for the to-do queries but the to-do page itself.
    path("todo/count/", views.count, name="todo_count"),
]
