def test_it_answers_in_chinese_whatever_the_browser_asks(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_it_answers_in_english_when_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    response = client.get("/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode() or "Sign in" in response.content.decode()
