from django.urls import path

from zhenggai.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("account/password/", views.own_password, name="own_password"),
    path("manage/users/", views.user_list, name="manage_users"),
    path("manage/users/new/", views.user_create, name="manage_user_new"),
    path("manage/users/<int:pk>/", views.user_edit, name="manage_user"),
    path("manage/users/<int:pk>/password/", views.user_password, name="manage_user_password"),
    path("manage/users/<int:pk>/unlock/", views.user_unlock, name="manage_user_unlock"),
    path("manage/logins/", views.login_attempts, name="manage_logins"),
]
